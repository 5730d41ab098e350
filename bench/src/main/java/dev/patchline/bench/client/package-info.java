/**
 * {@code bench/run client}: MQTT client capacity against in-bench fake servers, Patchline next to the HiveMQ client.
 * Threading: each fake server runs on its own blocking threads; the benchmark drives clients from the calling thread.
 */
package dev.patchline.bench.client;
