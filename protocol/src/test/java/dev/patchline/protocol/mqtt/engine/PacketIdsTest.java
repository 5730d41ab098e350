package dev.patchline.protocol.mqtt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PacketIdsTest {

    @Test
    void handsOutRoundRobinAndSkipsIdsInUse() {
        PacketIds ids = new PacketIds();
        assertEquals(1, ids.allocate());
        assertEquals(2, ids.allocate());
        ids.release(1);
        assertEquals(3, ids.allocate(), "a released id is not reused at once");
        for (int i = 4; i <= 65_535; i++) {
            assertEquals(i, ids.allocate());
        }
        assertEquals(1, ids.allocate(), "wraps around to the free id 1; 2 is still in use");
        assertEquals(0, ids.allocate(), "all 65,535 in use");
        ids.release(40_000);
        assertEquals(40_000, ids.allocate());
        assertEquals(65_535, ids.inUse());
    }
}
