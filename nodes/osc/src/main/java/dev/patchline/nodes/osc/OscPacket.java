package dev.patchline.nodes.osc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** An OSC packet: a message or a bundle of packets. Immutable. */
public sealed interface OscPacket {

    /**
     * An OSC message.
     *
     * @param address the address pattern, e.g. {@code /mixer/fader/1}
     * @param types   the type tags without the leading comma, e.g. {@code "ifs"}
     * @param args    the arguments in order; arrays are nested lists
     */
    record Message(String address, String types, List<Object> args) implements OscPacket {
        public Message {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(types, "types");
            args = Collections.unmodifiableList(new ArrayList<>(args));
        }
    }

    /**
     * An OSC bundle.
     *
     * @param timeTag  when its messages should take effect
     * @param elements the packets inside, in order
     */
    record Bundle(OscTypes.TimeTag timeTag, List<OscPacket> elements) implements OscPacket {
        public Bundle {
            Objects.requireNonNull(timeTag, "timeTag");
            elements = List.copyOf(elements);
        }
    }
}
