package dev.patchline.nodes.tcp.net;

import dev.patchline.protocol.stream.StreamFormat;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a link needs to run.
 *
 * @param server          listen (true) or connect (false)
 * @param host            address to bind (server) or connect to (client)
 * @param port            port; 0 lets a server pick a free one (see {@link TcpLink#localPort()})
 * @param format          how the byte stream is cut into messages and how sends are framed
 * @param charset         decodes received messages to text and encodes sent text
 * @param ssl             TLS context for the role, or null for plain TCP
 * @param reconnectMin    first client reconnect delay; doubles per failed attempt, with jitter
 * @param reconnectMax    upper bound of the reconnect delay
 * @param writeLimitBytes bytes that may wait for one slow peer before {@code slowPeerPolicy} applies
 * @param slowPeerPolicy  drop oldest or close
 * @param idleTimeout     a connection with no traffic either way for this long is closed; zero: never
 * @param maxPeers        server: connections beyond this many are refused (closed at once); 0: no limit
 */
public record TcpLinkConfig(
        boolean server,
        String host,
        int port,
        StreamFormat format,
        Charset charset,
        SslContext ssl,
        Duration reconnectMin,
        Duration reconnectMax,
        int writeLimitBytes,
        SlowPeerPolicy slowPeerPolicy,
        Duration idleTimeout,
        int maxPeers) {

    /** The TCP/IP DAT's default peer limit of a server. */
    public static final int DEFAULT_MAX_PEERS = 128;

    public TcpLinkConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        Objects.requireNonNull(slowPeerPolicy, "slowPeerPolicy");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idle timeout " + idleTimeout + " must not be negative; 0 turns it off");
        }
        if (maxPeers < 0) {
            throw new IllegalArgumentException("maximum peers " + maxPeers + " must not be negative; 0 means no limit");
        }
        if (port < 0 || port > 65_535 || (!server && port == 0)) {
            throw new IllegalArgumentException("port " + port + " is out of range; use 1-65535"
                    + (server ? " (or 0 to let the server pick one)" : ""));
        }
        if (writeLimitBytes < 1) {
            throw new IllegalArgumentException("write buffer limit " + writeLimitBytes + " must be at least 1 byte");
        }
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException(
                    "reconnect delays must satisfy 0 < min <= max, got min " + reconnectMin + " max " + reconnectMax);
        }
    }
}
