/**
 * Java builder programs that build the same graphs as the JSON files in {@code samples/}; each has a
 * {@code graph()} method (compared with its JSON twin by the tests) and a {@code main} that runs it.
 *
 * <p>Threading rule: {@code graph()} builds an immutable model on the calling thread; the running patch
 * cooks on its own thread, and {@code main} only waits for it.
 */
package dev.patchline.samples;
