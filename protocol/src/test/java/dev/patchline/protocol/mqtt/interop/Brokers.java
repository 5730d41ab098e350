package dev.patchline.protocol.mqtt.interop;

import dev.patchline.protocol.testing.EmbeddedHiveMq;
import dev.patchline.protocol.testing.MosquittoBroker;
import dev.patchline.protocol.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two real brokers of the interop tests, started once per JVM (HiveMQ takes seconds to start) with plain, TLS and
 * WebSocket listeners, and stopped by a shutdown hook. Each test uses its own topics and client ids, so sharing is safe.
 */
final class Brokers {

    /** A broker as the tests see it: a name and URL makers. */
    record Target(
            String name, String tcpUrl, String sslUrl, String wsUrl, String wssUrl, TestCertificates certificates) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Target mosquitto;
    private static Target hivemq;

    private Brokers() {}

    static synchronized Target mosquitto() {
        if (mosquitto == null) {
            TestCertificates certificates = TestCertificates.create(tempDir("mosquitto-certs"));
            MosquittoBroker broker = MosquittoBroker.builder()
                    .tls(certificates)
                    .websockets(true)
                    .unlimitedQueues()
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
            mosquitto = new Target(
                    "mosquitto", broker.tcpUrl(), broker.sslUrl(), broker.wsUrl(), broker.wssUrl(), certificates);
        }
        return mosquitto;
    }

    static synchronized Target hivemq() {
        if (hivemq == null) {
            TestCertificates certificates = TestCertificates.create(tempDir("hivemq-certs"));
            EmbeddedHiveMq broker =
                    EmbeddedHiveMq.builder().tls(certificates).websockets(true).start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
            hivemq = new Target("hivemq", broker.tcpUrl(), broker.sslUrl(), broker.wsUrl(), null, certificates);
        }
        return hivemq;
    }

    static Target byName(String name) {
        return switch (name) {
            case "mosquitto" -> mosquitto();
            case "hivemq" -> hivemq();
            default -> throw new IllegalArgumentException("unknown broker " + name);
        };
    }

    private static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
