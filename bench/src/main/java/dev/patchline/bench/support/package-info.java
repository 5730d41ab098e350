/**
 * What several benchmarks share to reach a real broker: the {@link dev.patchline.bench.support.Mosquitto} launcher,
 * a raw-socket {@link dev.patchline.bench.support.RawPublisher} and the few MQTT 3.1.1 packets they write by hand
 * ({@link dev.patchline.bench.support.MqttWire}), the {@link dev.patchline.bench.support.AckingReader} that raw-socket
 * endpoints receive with, and how rounds are ordered and summarised ({@link dev.patchline.bench.support.Rounds}) and
 * CPU is read ({@link dev.patchline.bench.support.ProcessCpu}). Threading: blocking sockets; each object is used by one thread,
 * except the publisher's own acknowledgement reader, which only bumps a counter.
 */
package dev.patchline.bench.support;
