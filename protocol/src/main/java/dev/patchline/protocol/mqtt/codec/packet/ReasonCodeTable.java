package dev.patchline.protocol.mqtt.codec.packet;

/** Builds the lookup arrays that map a wire byte to a reason-code constant. */
final class ReasonCodeTable {

    static final int CLIENT = 1;
    static final int SERVER = 2;
    static final int BOTH = CLIENT | SERVER;

    private ReasonCodeTable() {}

    static <E extends ReasonCode> E[] index(E[] values, E[] table) {
        for (E e : values) {
            table[e.code()] = e;
        }
        return table;
    }

    static boolean allows(int senders, Side side) {
        return (senders & (side == Side.CLIENT ? CLIENT : SERVER)) != 0;
    }
}
