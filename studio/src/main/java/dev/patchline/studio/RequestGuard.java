package dev.patchline.studio;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The studio's checks on every request, before anything is served: the {@code Host} header (against DNS rebinding),
 * the {@code Origin} of WebSocket upgrades and API calls (against cross-site requests), and where the token may come
 * from (the page's query, the asset cookie, the {@code Authorization: Bearer} header). Thread-safe.
 */
final class RequestGuard {
    /** The cookie the page sets so that its assets load without the token in their URLs. */
    static final String COOKIE = "patchline_studio";

    private final StudioToken token;
    /**
     * What the asset cookie holds: a second random value that opens the page's assets only, so that the token itself
     * is never sent back and a leaked cookie opens neither the API nor the WebSocket.
     */
    private final StudioToken assetKey = StudioToken.random();

    private final Set<String> hosts;
    /** The listening port, known once bound; until then no Host or Origin passes. */
    private volatile int port = -1;

    RequestGuard(StudioToken token, String bindHost) {
        this.token = token;
        String bind = bindHost.toLowerCase(Locale.ROOT);
        if (bind.contains(":") && !bind.startsWith("[")) bind = "[" + bind + "]";
        this.hosts = Set.copyOf(new java.util.HashSet<>(List.of("localhost", "127.0.0.1", "[::1]", bind)));
    }

    /** Sets the port the server listens on. */
    void bound(int listeningPort) {
        this.port = listeningPort;
    }

    /**
     * {@return whether the {@code Host} header names this server: the bind address, localhost, 127.0.0.1 or [::1], with
     * the studio's port or none} A page of another site that a DNS trick points at 127.0.0.1 sends its own name.
     */
    boolean hostAllowed(HttpRequest request) {
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null) return false;
        host = host.strip().toLowerCase(Locale.ROOT);
        String name = host;
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) {
            name = host.substring(0, colon);
            if (!host.substring(colon + 1).equals(Integer.toString(port))) return false;
        }
        return hosts.contains(name);
    }

    /**
     * {@return whether the request's {@code Origin} is acceptable: absent (a script, which still needs the token) or
     * exactly the studio's own origin} {@code Origin: null} (sandboxed frames, file pages) is refused.
     */
    boolean originAllowed(HttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) return true;
        String o = origin.strip().toLowerCase(Locale.ROOT);
        if (!o.startsWith("http://")) return false;
        String hostPort = o.substring("http://".length());
        int colon = hostPort.lastIndexOf(':');
        if (colon <= hostPort.lastIndexOf(']')) return false; // the studio always has an explicit port
        if (!hostPort.substring(colon + 1).equals(Integer.toString(port))) return false;
        return hosts.contains(hostPort.substring(0, colon));
    }

    /** {@return whether the page request carries the token as {@code ?token=}} */
    boolean queryToken(HttpRequest request) {
        List<String> t = new QueryStringDecoder(request.uri()).parameters().get("token");
        return t != null && t.size() == 1 && token.matches(t.get(0));
    }

    /** {@return whether the request carries the asset key in the studio's cookie} */
    boolean assetCookie(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) return false;
        for (Cookie c : ServerCookieDecoder.STRICT.decodeAll(header)) {
            if (c.name().equals(COOKIE) && assetKey.matches(c.value())) return true;
        }
        return false;
    }

    /** {@return whether the request carries {@code Authorization: Bearer TOKEN}} */
    boolean bearerToken(HttpRequest request) {
        String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        return token.matches(auth.substring(7).strip());
    }

    /** {@return whether {@code candidate} (from a WebSocket's hello) is the token} */
    boolean tokenMatches(String candidate) {
        return token.matches(candidate);
    }

    /** {@return the {@code Set-Cookie} value that lets the page load its assets} */
    String cookieHeader() {
        return COOKIE + "=" + assetKey.value() + "; Path=/; HttpOnly; SameSite=Strict";
    }
}
