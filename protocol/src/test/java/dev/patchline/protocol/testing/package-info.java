/**
 * Shared test fixtures for everything that talks MQTT or TCP: real brokers ({@link dev.patchline.protocol.testing.MosquittoBroker},
 * {@link dev.patchline.protocol.testing.EmbeddedHiveMq}), generated TLS material
 * ({@link dev.patchline.protocol.testing.TestCertificates}), a connection-cutting
 * {@link dev.patchline.protocol.testing.FaultProxy}, {@link dev.patchline.protocol.testing.FreePorts} and a minimal
 * blocking {@link dev.patchline.protocol.testing.RawMqttClient}. Published in the protocol test-jar.
 *
 * <p>Threading: brokers and the raw client are driven from the test thread and are not thread-safe;
 * {@code FreePorts} and {@code FaultProxy} are thread-safe (the proxy forwards on its own daemon threads).
 * Everything binds 127.0.0.1 only, on ports chosen by the operating system.
 */
package dev.patchline.protocol.testing;
