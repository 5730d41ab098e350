package dev.patchline.studio;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The studio's HTTP side. Every request first passes the {@code Host} check; then {@code /} needs the token in its
 * query (and sets the asset cookie) or the cookie, assets need the cookie or the bearer token, {@code /api/…} needs
 * {@code Authorization: Bearer} and an acceptable {@code Origin}, and the WebSocket upgrade at {@code /ws} needs an
 * acceptable {@code Origin} before it is passed on (its token comes in the first frame). Every response carries a
 * strict Content Security Policy and is not cached. Runs on the connection's event loop; never blocks.
 */
final class StudioHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String WS_PATH = "/ws";

    private final RequestGuard guard;
    private final StaticAssets assets;
    private final StudioHub hub;

    StudioHttpHandler(RequestGuard guard, StaticAssets assets, StudioHub hub) {
        super(FullHttpRequest.class, false);
        this.guard = guard;
        this.assets = assets;
        this.hub = hub;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        try {
            handle(ctx, request);
        } finally {
            if (request.refCnt() > 0 && !passedOn) request.release();
            passedOn = false;
        }
    }

    private boolean passedOn;

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            send(ctx, request, text(HttpResponseStatus.BAD_REQUEST, "malformed request"));
            return;
        }
        if (!guard.hostAllowed(request)) {
            send(
                    ctx,
                    request,
                    text(
                            HttpResponseStatus.FORBIDDEN,
                            "this Host is not served (the studio answers to its own address only)"));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.equals(WS_PATH)) {
            if (!guard.originAllowed(request)) {
                send(ctx, request, text(HttpResponseStatus.FORBIDDEN, "WebSocket from a foreign origin refused"));
                return;
            }
            passedOn = true;
            ctx.fireChannelRead(request);
            return;
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            send(
                    ctx,
                    request,
                    text(
                            HttpResponseStatus.METHOD_NOT_ALLOWED,
                            "the studio serves GET only; edits go over the WebSocket"));
            return;
        }
        if (path.startsWith("/api/")) {
            api(ctx, request, path);
            return;
        }
        boolean page = path.equals("/") || path.equals("/index.html");
        boolean withToken = page && guard.queryToken(request);
        if (!withToken && !guard.assetCookie(request) && !guard.bearerToken(request)) {
            send(
                    ctx,
                    request,
                    text(
                            HttpResponseStatus.UNAUTHORIZED,
                            "open the studio with the URL that patchline printed (http://…/?token=…)"));
            return;
        }
        StaticAssets.Asset asset = assets.find(path);
        if (asset == null) {
            send(ctx, request, text(HttpResponseStatus.NOT_FOUND, "not found: " + path));
            return;
        }
        FullHttpResponse r = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(asset.bytes()));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, asset.contentType());
        if (withToken) r.headers().set(HttpHeaderNames.SET_COOKIE, guard.cookieHeader());
        send(ctx, request, r);
    }

    private void api(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        if (!guard.originAllowed(request)) {
            send(ctx, request, text(HttpResponseStatus.FORBIDDEN, "API call from a foreign origin refused"));
            return;
        }
        if (!guard.bearerToken(request)) {
            send(ctx, request, text(HttpResponseStatus.UNAUTHORIZED, "the API needs Authorization: Bearer TOKEN"));
            return;
        }
        if (path.equals("/api/snapshot")) {
            String snapshot = hub.snapshot();
            if (snapshot == null) {
                send(
                        ctx,
                        request,
                        text(HttpResponseStatus.SERVICE_UNAVAILABLE, "the patch has not answered yet; try again"));
                return;
            }
            FullHttpResponse r = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(snapshot, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            send(ctx, request, r);
            return;
        }
        send(ctx, request, text(HttpResponseStatus.NOT_FOUND, "no API " + path + "; there is /api/snapshot"));
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body + "\n", StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return r;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse r) {
        String host = request.headers().get(HttpHeaderNames.HOST, "");
        r.headers()
                .set(
                        "Content-Security-Policy",
                        "default-src 'self'; connect-src 'self'"
                                + (guardedHost(host) ? " ws://" + host : "")
                                + "; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
                                + " form-action 'none'")
                .set("X-Content-Type-Options", "nosniff")
                .set("X-Frame-Options", "DENY")
                .set("Referrer-Policy", "no-referrer")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (request.method().equals(HttpMethod.HEAD)) r.content().clear();
        HttpUtil.setContentLength(r, r.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request) && r.status().code() < 400;
        if (keepAlive) r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        else r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        var f = ctx.writeAndFlush(r);
        if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
    }

    /** The Host was checked before any response is built; only names and ports pass, so it can go into the CSP. */
    private static boolean guardedHost(String host) {
        return host.matches("[A-Za-z0-9.\\-\\[\\]:]+");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
