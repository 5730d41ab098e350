package dev.patchline.protocol.mqtt.engine;

import java.util.BitSet;

/**
 * Packet identifiers in use by this client's session (MQTT-2.2.1-3: a new packet uses an identifier that is not in
 * use). Identifiers are handed out round-robin, so that a just-released one is not reused at once and a late
 * acknowledgement cannot be mistaken for a newer packet's.
 */
final class PacketIds {

    private static final int MAX = 65_535;

    // Grows lazily: an idle client costs a few words, a busy one at most 8 KiB.
    private final BitSet used = new BitSet();
    private int inUse;
    private int last;

    /** The next free identifier, now marked in use, or 0 when all 65,535 are taken. */
    int allocate() {
        if (inUse == MAX) {
            return 0;
        }
        int candidate = used.nextClearBit(last + 1);
        if (candidate > MAX) {
            candidate = used.nextClearBit(1);
        }
        used.set(candidate);
        inUse++;
        last = candidate;
        return candidate;
    }

    void release(int id) {
        if (used.get(id)) {
            used.clear(id);
            inUse--;
        }
    }

    int inUse() {
        return inUse;
    }
}
