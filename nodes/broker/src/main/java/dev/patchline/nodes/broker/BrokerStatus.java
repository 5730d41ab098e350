package dev.patchline.nodes.broker;

import java.util.Locale;
import java.util.Objects;

/**
 * What the broker helper thread tells the cook thread: an immutable snapshot, replaced as a whole.
 *
 * @param state   lifecycle state
 * @param message why the broker is in {@link State#ERROR} (empty otherwise)
 * @param address the bind address
 * @param port    the MQTT TCP port in use (the chosen one when the parameter was 0), or 0 before binding
 * @param wsPort  the WebSocket port in use, or 0 when off
 */
public record BrokerStatus(State state, String message, String address, int port, int wsPort) {

    /** Lifecycle of the embedded broker as shown in the node's table. */
    public enum State {
        STOPPED,
        STARTING,
        RUNNING,
        ERROR;

        /** {@return the lowercase name shown in the table, e.g. "running"} */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public BrokerStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(address, "address");
    }

    static final BrokerStatus STOPPED = new BrokerStatus(State.STOPPED, "", "", 0, 0);

    /** {@return the {@code tcp://host:port} URL clients connect to, or "" before the port is known} */
    public String url() {
        return port > 0 ? "tcp://" + hostForUrl() + ":" + port : "";
    }

    /** {@return the {@code ws://host:port/mqtt} URL, or "" when WebSocket is off} */
    public String wsUrl() {
        return wsPort > 0 ? "ws://" + hostForUrl() + ":" + wsPort + EmbeddedBroker.WEBSOCKET_PATH : "";
    }

    private String hostForUrl() {
        // A wildcard bind is reachable on loopback; IPv6 literals need brackets in URLs.
        String host = address.equals("0.0.0.0") ? "127.0.0.1" : address.equals("::") ? "::1" : address;
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
}
