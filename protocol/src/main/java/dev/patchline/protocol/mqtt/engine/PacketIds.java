package dev.patchline.protocol.mqtt.engine;

/**
 * Packet identifiers in use by this client's session (MQTT-2.2.1-3: a new packet uses an identifier that is not in
 * use). Identifiers are handed out round-robin, so that a just-released one is not reused at once and a late
 * acknowledgement cannot be mistaken for a newer packet's.
 */
final class PacketIds {

    private final PacketIdSet used = new PacketIdSet();
    private int last;

    /** The next free identifier, now marked in use, or 0 when all 65,535 are taken. */
    int allocate() {
        int id = used.nextClear(last == PacketIdSet.MAX_ID ? 1 : last + 1);
        if (id != 0) {
            used.add(id);
            last = id;
        }
        return id;
    }

    void release(int id) {
        used.remove(id);
    }

    int inUse() {
        return used.size();
    }
}
