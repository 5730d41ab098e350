package dev.patchline.protocol.mqtt.engine;

import io.netty.util.collection.IntObjectHashMap;

/**
 * Outbound QoS 1/2 messages that were sent and are not yet fully acknowledged: found by packet identifier in O(1),
 * walked in the order they were first sent. Session state: it survives reconnects.
 */
final class InflightList {

    // Keyed by a scrambled id: the map hashes a key to itself, and consecutive packet ids would form one long
    // probe cluster that makes every removal scan the whole window. Multiplying by an odd constant is a bijection.
    private final IntObjectHashMap<OutboundFlight> byId = new IntObjectHashMap<>();

    private static int key(int packetId) {
        return packetId * 0x9E37_79B1;
    }

    private OutboundFlight head;
    private OutboundFlight tail;

    int size() {
        return byId.size();
    }

    boolean isEmpty() {
        return head == null;
    }

    OutboundFlight get(int packetId) {
        return byId.get(key(packetId));
    }

    OutboundFlight first() {
        return head;
    }

    OutboundFlight last() {
        return tail;
    }

    void addLast(OutboundFlight f) {
        byId.put(key(f.packetId), f);
        f.prev = tail;
        f.next = null;
        if (tail == null) {
            head = f;
        } else {
            tail.next = f;
        }
        tail = f;
    }

    void remove(OutboundFlight f) {
        byId.remove(key(f.packetId));
        if (f.prev == null) {
            head = f.next;
        } else {
            f.prev.next = f.next;
        }
        if (f.next == null) {
            tail = f.prev;
        } else {
            f.next.prev = f.prev;
        }
        f.prev = null;
        f.next = null;
    }
}
