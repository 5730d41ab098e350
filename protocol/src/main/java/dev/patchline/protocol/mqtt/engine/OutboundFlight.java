package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.ReasonCode;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/**
 * One outbound application message from {@code publish} to its end. It is also the future handed to the caller,
 * so that a message costs one object here, not two; or, when the caller brings a future of its own, it completes
 * that one directly (no callback object to forward the result). Links make it a node of the in-flight list, which keeps the
 * order of first sending for resending after a reconnect (MQTT-4.6.0-1).
 */
final class OutboundFlight extends CompletableFuture<PublishResult> {

    enum Stage {
        /** Waiting in the publish queue, never sent on the current session. */
        QUEUED,
        /** PUBLISH sent (QoS 1 or 2), waiting for PUBACK or PUBREC. */
        AWAIT_ACK,
        /** PUBREL sent (QoS 2), waiting for PUBCOMP; the payload is already released. */
        AWAIT_PUBCOMP,
        /** PUBLISH encoded (QoS 0), waiting for its bytes to reach the socket. */
        AWAIT_WRITE,
        DONE
    }

    final String topic;
    final Qos qos;
    final boolean retain;
    final PublishProperties properties;
    final long enqueuedNanos;
    private final ByteBuf payload;
    /** What {@link #succeed} and {@link #fail} complete: this flight, or the caller's own future. */
    private final CompletableFuture<PublishResult> completion;

    private boolean payloadReleased;
    /** 0 while queued; the identifier of the session's in-flight entry once sent with QoS 1/2. */
    int packetId;
    /** QoS 0 once encoded: the connection's byte offset at which its PUBLISH ends; done once written up to there. */
    long endOffset;

    Stage stage = Stage.QUEUED;
    OutboundFlight prev;
    OutboundFlight next;

    OutboundFlight(
            String topic,
            Qos qos,
            boolean retain,
            ByteBuf payload,
            PublishProperties properties,
            long enqueuedNanos,
            CompletableFuture<PublishResult> completion) {
        this.topic = topic;
        this.qos = qos;
        this.retain = retain;
        this.payload = payload;
        this.properties = properties == null ? PublishProperties.NONE : properties;
        this.enqueuedNanos = enqueuedNanos;
        this.completion = completion == null ? this : completion;
    }

    /** The PUBLISH to send, sharing the payload (the engine keeps its reference). */
    Publish toPacket(boolean dup, PublishProperties props) {
        return new Publish(topic, qos, retain, dup, packetId, payload, props);
    }

    void succeed(PublishResult result) {
        releasePayload();
        stage = Stage.DONE;
        completion.complete(result);
    }

    void fail(MqttPublishException.Kind kind, ReasonCode reason, String message) {
        releasePayload();
        stage = Stage.DONE;
        completion.completeExceptionally(new MqttPublishException(kind, reason, message));
    }

    /** Drops the payload once it can no longer be needed (after PUBREC, or at the end); idempotent. */
    void releasePayload() {
        if (!payloadReleased) {
            payloadReleased = true;
            payload.release();
        }
    }
}
