/**
 * {@code bench/run ingest}: JSON sensor messages into a whole graph (MQTT Client DAT with JSON columns and a Groovy
 * {@code onMessage}) next to a raw HiveMQ client with a counting callback, straight from the in-bench source server
 * and through one mosquitto. Threading: subscribers deliver on their own threads (the patch's cook thread, HiveMQ's
 * Netty threads) and only bump counters; the benchmark thread polls those counters and owns every start and stop.
 */
package dev.patchline.bench.ingest;
