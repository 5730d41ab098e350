/**
 * {@code bench/run codec}: JMH comparison of Patchline's MQTT codec with io.netty:netty-codec-mqtt,
 * decode and encode, in one run. Benchmarks are single-threaded JMH states; nothing here is shared
 * between threads.
 */
package dev.patchline.bench.codec;
