package dev.patchline.bench.ingest;

import java.nio.charset.StandardCharsets;

/** The JSON payload every benchmark message carries, sized to fit the source server's fixed 64-byte packets. */
final class SensorMessage {

    /** 49 bytes: fits both a QoS 0 (53 bytes free) and a QoS 1 (51 bytes free) packet of the source server. */
    static final String JSON = "{\"room\":\"hall\",\"kind\":\"temperature\",\"value\":21.5}";

    static final byte[] BYTES = JSON.getBytes(StandardCharsets.UTF_8);
    static final String ROOM = "hall";
    static final String VALUE = "21.5";

    private SensorMessage() {}
}
