package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import java.util.concurrent.CompletableFuture;

/**
 * One outbound application message from {@code publish} to its end. It is also the future handed to the caller,
 * so that a message costs one object here, not two. Links make it a node of the in-flight list, which keeps the
 * order of first sending for resending after a reconnect (MQTT-4.6.0-1).
 */
final class OutboundFlight extends CompletableFuture<PublishResult> {

    enum Stage {
        /** Waiting in the publish queue, never sent. */
        QUEUED,
        /** PUBLISH sent (QoS 1 or 2), waiting for PUBACK or PUBREC. */
        AWAIT_ACK,
        /** PUBREL sent (QoS 2), waiting for PUBCOMP; the payload is already released. */
        AWAIT_PUBCOMP,
        DONE
    }

    /** The message; carries the packet identifier once sent with QoS 1/2. */
    Publish publish;
    final long enqueuedNanos;
    Stage stage = Stage.QUEUED;
    OutboundFlight prev;
    OutboundFlight next;

    OutboundFlight(Publish publish, long enqueuedNanos) {
        this.publish = publish;
        this.enqueuedNanos = enqueuedNanos;
    }

    Qos qos() {
        return publish.qos();
    }

    int packetId() {
        return publish.packetId();
    }

    void succeed(PublishResult result) {
        releasePayload();
        stage = Stage.DONE;
        complete(result);
    }

    void fail(MqttPublishException.Kind kind, int reasonCode, String message) {
        releasePayload();
        stage = Stage.DONE;
        completeExceptionally(new MqttPublishException(kind, reasonCode, message));
    }

    /** Drops the payload once it can no longer be needed (after PUBREC, or at the end). */
    void releasePayload() {
        if (stage != Stage.AWAIT_PUBCOMP && stage != Stage.DONE && publish.refCnt() > 0) {
            publish.release();
        }
    }
}
