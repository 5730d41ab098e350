package dev.patchline.protocol.mqtt.codec.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;

/**
 * PUBLISH (MQTT 5 section 3.3). Immutable except for the reference count of its payload.
 *
 * <p><b>Ownership.</b> The payload is a reference-counted {@link ByteBuf}. A PUBLISH produced by the
 * decoder holds a retained, zero-copy slice of the decoder's input: whoever receives it owns one
 * reference and must call {@link #release()} once done (or hand it on). Publish is not a Netty
 * {@code ReferenceCounted} because its RETAIN flag accessor is called {@code retain()}. The encoder only reads the
 * payload and never releases it. {@code packetId} is 0 for QoS 0 (MQTT-2.2.1-2) and 1..65535
 * otherwise (MQTT-2.2.1-3). An empty topic is valid only for MQTT 5 with a topic alias.
 */
public record Publish(
        String topic, Qos qos, boolean retain, boolean dup, int packetId, ByteBuf payload, PublishProperties properties)
        implements MqttPacket {

    public Publish {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(payload, "payload");
        properties = properties == null ? PublishProperties.NONE : properties;
        if (qos == Qos.AT_MOST_ONCE) {
            if (packetId != 0) {
                throw new IllegalArgumentException(
                        "a QoS 0 PUBLISH has no packet identifier (MQTT-2.2.1-2), got " + packetId);
            }
            if (dup) {
                throw new IllegalArgumentException("a QoS 0 PUBLISH must have DUP 0 (MQTT-3.3.1-2)");
            }
        } else {
            Checks.packetId(packetId);
        }
    }

    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBLISH;
    }

    /** This PUBLISH marked as a re-delivery (MQTT-3.3.1-1); shares the payload. */
    public Publish asDuplicate() {
        return new Publish(topic, qos, retain, true, packetId, payload, properties);
    }

    /** This PUBLISH with another packet identifier (and QoS); shares the payload. */
    public Publish withPacketId(int newPacketId) {
        return new Publish(topic, qos, retain, dup, newPacketId, payload, properties);
    }

    /** This PUBLISH with another topic and properties, e.g. after resolving a topic alias; shares the payload. */
    public Publish withTopicAndProperties(String newTopic, PublishProperties newProperties) {
        return new Publish(newTopic, qos, retain, dup, packetId, payload, newProperties);
    }

    /** The reference count of the payload. */
    public int refCnt() {
        return payload.refCnt();
    }

    /** Adds a reference to the payload, e.g. before handing this PUBLISH to a second owner. */
    public Publish retainPayload() {
        payload.retain();
        return this;
    }

    /**
     * Gives up the holder's reference to the payload.
     *
     * @return whether the payload memory was freed
     */
    public boolean release() {
        return payload.release();
    }

    @Override
    public String toString() {
        return "Publish[topic=" + topic + ", qos=" + qos.value() + ", retain=" + retain + ", dup=" + dup
                + ", packetId=" + packetId + ", payload=" + payload.readableBytes() + " bytes, properties="
                + properties + "]";
    }

    /** Builds a PUBLISH; defaults: QoS 0, not retained, empty payload, no properties. */
    public static final class Builder {
        private final String topic;
        private Qos qos = Qos.AT_MOST_ONCE;
        private boolean retain;
        private boolean dup;
        private int packetId;
        private ByteBuf payload = Unpooled.EMPTY_BUFFER;
        private PublishProperties properties = PublishProperties.NONE;

        private Builder(String topic) {
            this.topic = topic;
        }

        public Builder qos(Qos qos) {
            this.qos = qos;
            return this;
        }

        public Builder retain(boolean retain) {
            this.retain = retain;
            return this;
        }

        public Builder dup(boolean dup) {
            this.dup = dup;
            return this;
        }

        public Builder packetId(int packetId) {
            this.packetId = packetId;
            return this;
        }

        /** The payload; the built PUBLISH takes over this reference. */
        public Builder payload(ByteBuf payload) {
            this.payload = payload;
            return this;
        }

        /** A payload copied from {@code bytes}. */
        public Builder payload(byte[] bytes) {
            this.payload = bytes.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes.clone());
            return this;
        }

        public Builder properties(PublishProperties properties) {
            this.properties = properties;
            return this;
        }

        public Publish build() {
            return new Publish(topic, qos, retain, dup, packetId, payload, properties);
        }
    }
}
