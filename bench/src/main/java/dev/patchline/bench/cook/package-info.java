/**
 * {@code bench/run cook}: the cook scheduler's cost per frame on a 10,000-node chain, and its overhead
 * per cooked node. Benchmarks run single-threaded on the manual clock; nothing here is thread-safe.
 */
package dev.patchline.bench.cook;
