package dev.patchline.protocol.mqtt.engine;

import io.netty.buffer.ByteBuf;

/**
 * The fingerprint of the last QoS 2 message delivered under each packet identifier of a session, for
 * {@link EngineConfig#qos2ReplayGuard()}: one long per identifier (512 KiB), 0 for none. A fingerprint is 64-bit
 * FNV-1a over the topic's characters and the payload's bytes; two different messages collide with a chance of about
 * 2^-64 per comparison, far below the guard's own risk (see the builder's documentation).
 */
final class Qos2Fingerprints {

    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private final long[] byPacketId = new long[PacketIdSet.MAX_ID + 1];

    /** The fingerprint of a message; never 0 (0 means "none recorded"). */
    static long of(String topic, ByteBuf payload) {
        long h = OFFSET_BASIS;
        for (int i = 0, n = topic.length(); i < n; i++) {
            h = (h ^ topic.charAt(i)) * PRIME;
        }
        h = (h ^ 0xFFFF) * PRIME; // separates topic from payload: "a"+"bc" differs from "ab"+"c"
        for (int i = payload.readerIndex(), end = payload.writerIndex(); i < end; i++) {
            h = (h ^ (payload.getByte(i) & 0xFF)) * PRIME;
        }
        return h == 0 ? 1 : h;
    }

    void record(int packetId, long fingerprint) {
        byPacketId[packetId] = fingerprint;
    }

    /** The fingerprint recorded for {@code packetId}, or 0. */
    long get(int packetId) {
        return byPacketId[packetId];
    }
}
