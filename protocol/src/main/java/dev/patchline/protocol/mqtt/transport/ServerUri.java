package dev.patchline.protocol.mqtt.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where and how to reach a broker, parsed from a URL:
 * {@code tcp://host[:1883]} (also {@code mqtt://}), {@code ssl://host[:8883]} (also {@code mqtts://}, {@code tls://}),
 * {@code ws://host[:80][/path]} and {@code wss://host[:443][/path]}. A WebSocket URL without a path uses {@code /mqtt},
 * the path HiveMQ, EMQX and most browsers' clients use; mosquitto accepts any path.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServerUri {

    /** The wire under the MQTT byte stream. */
    public enum Scheme {
        TCP(false, false, 1883),
        TLS(true, false, 8883),
        WS(false, true, 80),
        WSS(true, true, 443);

        private final boolean secure;
        private final boolean websocket;
        private final int defaultPort;

        Scheme(boolean secure, boolean websocket, int defaultPort) {
            this.secure = secure;
            this.websocket = websocket;
            this.defaultPort = defaultPort;
        }

        public boolean isSecure() {
            return secure;
        }

        public boolean isWebSocket() {
            return websocket;
        }

        public int defaultPort() {
            return defaultPort;
        }
    }

    private final Scheme scheme;
    private final String host;
    private final int port;
    private final String path;
    private final String text;

    private ServerUri(Scheme scheme, String host, int port, String path, String text) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path;
        this.text = text;
    }

    /**
     * Parses a broker URL.
     *
     * @throws IllegalArgumentException naming the offending part and the accepted forms
     */
    public static ServerUri parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("broker URL is empty; expected e.g. tcp://127.0.0.1:1883");
        }
        String raw = url.trim();
        String shown = withoutPassword(raw);
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("broker URL '" + shown + "' is not a valid URL (" + e.getReason()
                    + " at index " + e.getIndex() + "); expected e.g. tcp://127.0.0.1:1883");
        }
        String schemeText = uri.getScheme();
        if (schemeText == null) {
            throw new IllegalArgumentException("broker URL '" + shown + "' has no scheme; write tcp://" + shown
                    + " (or ssl://, mqtts://, ws://, wss://)");
        }
        Scheme scheme = switch (schemeText.toLowerCase(Locale.ROOT)) {
            case "tcp", "mqtt" -> Scheme.TCP;
            case "ssl", "tls", "mqtts" -> Scheme.TLS;
            case "ws" -> Scheme.WS;
            case "wss" -> Scheme.WSS;
            default ->
                throw new IllegalArgumentException("broker URL '" + shown + "' has unsupported scheme '" + schemeText
                        + "'; use tcp://, mqtt://, ssl://, mqtts://, ws:// or wss://");
        };
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("broker URL '" + shown + "' has no host; expected e.g. " + schemeText
                    + "://127.0.0.1:" + scheme.defaultPort());
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // IPv6 literal
        }
        int port = uri.getPort() == -1 ? scheme.defaultPort() : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("broker URL '" + shown + "' has port " + port + ", outside 1..65535");
        }
        String path = uri.getRawPath();
        if (scheme.isWebSocket()) {
            if (path == null || path.isEmpty()) {
                path = "/mqtt";
            }
            if (uri.getRawQuery() != null) {
                path = path + "?" + uri.getRawQuery();
            }
        } else if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException(
                    "broker URL '" + shown + "' has a path '" + path + "', which only ws:// and wss:// use");
        } else {
            path = "";
        }
        return new ServerUri(scheme, host, port, path, shown);
    }

    /**
     * {@return {@code url} with the password of its user info ({@code user:password@host}) replaced by
     * {@code (hidden)}} The URL's text shows in messages and logs; a password in it must not.
     */
    public static String withoutPassword(String url) {
        int slashes = url.indexOf("//");
        int authority = slashes < 0 ? 0 : slashes + 2;
        int end = authority;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        int colon = url.indexOf(':', authority);
        if (at < authority || colon < 0 || colon > at) {
            return url;
        }
        return url.substring(0, colon + 1) + "(hidden)" + url.substring(at);
    }

    /** Builds a URL from parts, as the {@code -h}/{@code -p} style of command lines does. */
    public static ServerUri of(Scheme scheme, String host, int port) {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        String prefix = switch (scheme) {
            case TCP -> "tcp";
            case TLS -> "ssl";
            case WS -> "ws";
            case WSS -> "wss";
        };
        return parse(prefix + "://" + hostPart + ":" + port);
    }

    public Scheme scheme() {
        return scheme;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Request path (and query) for WebSocket URLs; empty for TCP and TLS. */
    public String path() {
        return path;
    }

    /** The WebSocket URI used for the HTTP upgrade request. */
    public URI webSocketUri() {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return URI.create((scheme == Scheme.WSS ? "wss" : "ws") + "://" + hostPart + ":" + port + path);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerUri that
                && scheme == that.scheme
                && host.equals(that.host)
                && port == that.port
                && path.equals(that.path);
    }

    @Override
    public int hashCode() {
        return (scheme.hashCode() * 31 + host.hashCode()) * 31 + port;
    }

    @Override
    public String toString() {
        return text;
    }
}
