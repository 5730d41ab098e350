/**
 * {@code bench/run record}: how fast the recorder writes 64-byte messages and how many bytes a 1 KiB message costs in
 * the file, next to the alternatives the format was chosen against.
 *
 * <p>Threading: one thread writes, as the recorder does from the client's callback executor.
 */
package dev.patchline.bench.record;
