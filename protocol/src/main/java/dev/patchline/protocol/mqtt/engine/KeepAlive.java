package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.MqttEncodeException;
import dev.patchline.protocol.mqtt.codec.packet.PingReq;

/**
 * Whether the server still answers: sends PINGREQ after a keep alive without sending ([MQTT-3.1.2-20]) and drops
 * the connection when no packet arrives within the PINGRESP timeout. While inbound is paused the server's PINGRESP
 * may wait unread behind the messages it sent before, so then it reads ahead without decoding to tell a dead server
 * from a busy one. Same thread as the engine.
 */
final class KeepAlive {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /**
     * Undecoded bytes a connection whose inbound is paused may read ahead to find out whether the server still
     * answers: the server's PINGRESP waits behind the messages it sent before, and a dead server is told from a busy
     * one by a socket that stays silent once read dry. Beyond this the engine does not judge (it assumes the server
     * alive) rather than buffer without bound.
     */
    static final int PAUSED_READ_AHEAD = 4 << 20;

    private final long pingTimeoutNanos;
    private final EngineContext ctx;
    private final InboundPackets inbound;
    private final OutboundBytes outbound;
    private final DeliveryFlow deliveries;
    private final MqttEngineListener listener;

    private int keepAliveSeconds;
    private long keepAliveNanos;
    /** The PINGRESP timeout of this connection: the configured one, at most half the keep alive. */
    private long pingTimeoutThisConnection;

    private long pingDeadline = Long.MAX_VALUE;
    /** PINGREQ sent and not answered by a decoded PINGRESP yet (TCP keeps them in order). */
    private int pingsOutstanding;
    /** Inbound is paused and a PINGREQ is unanswered: reading ahead, without decoding, until the socket is dry. */
    private boolean probing;
    /** While probing: when it began or bytes last arrived, whichever is later. */
    private long readAheadSince;

    KeepAlive(
            EngineConfig config,
            EngineContext ctx,
            InboundPackets inbound,
            OutboundBytes outbound,
            DeliveryFlow deliveries,
            MqttEngineListener listener) {
        this.pingTimeoutNanos = config.pingResponseTimeout().toNanos();
        this.ctx = ctx;
        this.inbound = inbound;
        this.outbound = outbound;
        this.deliveries = deliveries;
        this.listener = listener;
    }

    /** CONNACK settled the keep alive of this connection. */
    void connected(ConnectionInfo connection) {
        keepAliveSeconds = connection.keepAliveSeconds();
        keepAliveNanos = keepAliveSeconds * NANOS_PER_SECOND;
        // Half the keep alive at most: the PINGREQ leaves after a keep alive without sending, so a dead server is
        // noticed within 1.5 times the keep alive (the bound [MQTT-3.1.2-22] gives the server for a silent client).
        pingTimeoutThisConnection =
                keepAliveNanos > 0 ? Math.min(pingTimeoutNanos, keepAliveNanos / 2) : pingTimeoutNanos;
    }

    /** Forgets the timers of a connection that is gone or just opening. */
    void reset() {
        pingDeadline = Long.MAX_VALUE;
        pingsOutstanding = 0;
        probing = false;
        keepAliveNanos = 0;
    }

    /** Any decoded packet proves the link alive; a late PINGRESP behind a burst of messages is no timeout. */
    void packetArrived() {
        pingDeadline = Long.MAX_VALUE;
    }

    void pingResponse() {
        pingsOutstanding = Math.max(0, pingsOutstanding - 1); // liveness is noted for every packet
    }

    /**
     * Bytes arrived. While reading ahead they are kept undecoded and the socket is read on until it is dry (only
     * then does silence mean anything).
     *
     * @return true when the bytes are held for the probe and must not be decoded now
     */
    boolean holdForProbe(long nowNanos) {
        if (!probing) {
            return false;
        }
        readAheadSince = nowNanos;
        if (inbound.readable() < PAUSED_READ_AHEAD) {
            listener.readOnce();
        }
        return true;
    }

    /** Decoding goes on: the bytes read ahead are decoded now, a PINGRESP among them answers. */
    void inboundResumed() {
        probing = false;
    }

    /** When the next PINGREQ is due or the PINGRESP timeout ends, whichever is first. */
    long deadline() {
        long deadline = keepAliveNanos > 0 ? outbound.lastWriteNanos() + keepAliveNanos : Long.MAX_VALUE;
        if (pingDeadline != Long.MAX_VALUE && pingDeadline - deadline < 0) {
            deadline = pingDeadline;
        }
        return deadline;
    }

    /** Runs the PINGRESP timeout and sends a PINGREQ when due; drops the connection when the server is dead. */
    void handleTimeout(long nowNanos) {
        if (pingDeadline != Long.MAX_VALUE && nowNanos - pingDeadline >= 0) {
            if (!deliveries.isPaused() || serverSilentWhilePaused(nowNanos)) {
                pingDeadline = Long.MAX_VALUE;
                ctx.dropConnection(
                        "no answer from the server within "
                                + pingTimeoutThisConnection / 1_000_000
                                + " ms after PINGREQ; the connection is considered dead"
                                + " (keep alive " + keepAliveSeconds + " s"
                                + (deliveries.isPaused()
                                        ? "; reading was paused by a full application inbox and the socket, read dry, stayed silent"
                                        : "")
                                + ")",
                        null);
                return;
            }
        }
        if (keepAliveNanos > 0 && nowNanos - (outbound.lastWriteNanos() + keepAliveNanos) >= 0) {
            // MQTT-3.1.2-20: nothing else was sent for a keep-alive period
            try {
                ctx.send(PingReq.INSTANCE);
            } catch (MqttEncodeException e) {
                ctx.dropConnection("cannot send PINGREQ: " + e.getMessage(), e);
                return;
            }
            pingsOutstanding++;
            if (pingDeadline == Long.MAX_VALUE) {
                pingDeadline = nowNanos + pingTimeoutThisConnection;
            }
            if (deliveries.isPaused() && !probing) {
                // Read what already waits now, so that by the deadline only bytes sent since can keep the link alive.
                startReadingAhead(nowNanos);
            }
        }
    }

    /**
     * The ping deadline passed while inbound is paused, so the server's PINGRESP may wait unread behind the messages
     * it sent before. The engine reads ahead without decoding (at most {@link #PAUSED_READ_AHEAD}): a PINGRESP among
     * the read bytes answers; bytes that arrived within the last quarter timeout mean a busy server, so it looks again
     * a quarter timeout after them; a socket read dry that stayed silent that long means dead.
     *
     * @return true when the server is considered dead
     */
    private boolean serverSilentWhilePaused(long nowNanos) {
        if (inbound.pingResponsesWaiting() >= pingsOutstanding || inbound.readable() >= PAUSED_READ_AHEAD) {
            // Answered; or too much read ahead to look further without giving up the memory bound: no verdict.
            pingDeadline = Long.MAX_VALUE;
            probing = false;
            return false;
        }
        if (!probing) {
            startReadingAhead(nowNanos);
        }
        long quietFor = Math.max(1_000_000, pingTimeoutThisConnection / 4);
        if (nowNanos - readAheadSince >= quietFor) {
            return true;
        }
        pingDeadline = readAheadSince + quietFor;
        return false;
    }

    private void startReadingAhead(long nowNanos) {
        probing = true;
        readAheadSince = nowNanos;
        listener.readOnce();
    }
}
