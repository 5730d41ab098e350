/**
 * {@code bench/run client}: MQTT client capacity against in-bench fake servers, and the same clients through one
 * mosquitto (receive rate next to a raw-socket subscriber, round-trip latency, heap per idle connection); Patchline
 * next to the HiveMQ client and Paho. Threading: each fake server, the raw publisher and the raw subscriber run on
 * their own blocking threads; client callbacks only bump counters or fill a preallocated array; the benchmark thread
 * drives every client, paces the latency publisher and owns every start and stop.
 */
package dev.patchline.bench.client;
