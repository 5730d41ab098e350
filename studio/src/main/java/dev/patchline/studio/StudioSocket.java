package dev.patchline.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.NodeView;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One WebSocket of the studio: the hello with the token (within {@value #HELLO_SECONDS} s, else close 4401), then
 * the client's requests, and the server's messages through this connection's {@link Outbox}, written only while the
 * channel is writable. Runs on the connection's event loop; other threads reach it through {@link #post}.
 */
final class StudioSocket extends SimpleChannelInboundHandler<WebSocketFrame> {
    static final int HELLO_SECONDS = 3;
    static final int CLOSE_UNAUTHORIZED = 4401;
    static final int CLOSE_BAD_REQUEST = 4400;
    private static final int MAX_ROWS_REQUEST = 1_000;
    private static final int MAX_ROWS_IN_FLIGHT = 4;

    private final StudioHub hub;
    private final RequestGuard guard;
    private final String serverVersion;
    private final Outbox outbox = new Outbox();
    private final AtomicInteger rowsInFlight = new AtomicInteger();
    private Channel channel;
    private boolean authed;
    private boolean closing;
    private ScheduledFuture<?> helloTimer;

    StudioSocket(StudioHub hub, RequestGuard guard, String serverVersion) {
        super(WebSocketFrame.class);
        this.hub = hub;
        this.guard = guard;
        this.serverVersion = serverVersion;
    }

    Outbox outbox() {
        return outbox;
    }

    Channel channel() {
        return channel;
    }

    /** {@return whether the connection is still open} Any thread. */
    boolean isOpen() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** Runs {@code change} on this connection's event loop, then sends what it can. Any thread. */
    void post(Consumer<Outbox> change) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) return;
        ch.eventLoop().execute(() -> {
            change.accept(outbox);
            flush();
        });
    }

    /** Queues a reply (ack, nack, rows) for this connection. Any thread. */
    void reply(String frame) {
        post(o -> {
            if (!o.reply(frame)) close(1008, "too many requests waiting for their answers; read the replies");
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            channel = ctx.channel();
            helloTimer = ctx.executor()
                    .schedule(
                            () -> {
                                if (!authed)
                                    close(CLOSE_UNAUTHORIZED, "no hello with the token within " + HELLO_SECONDS + " s");
                            },
                            HELLO_SECONDS,
                            TimeUnit.SECONDS);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (authed && ctx.channel().isWritable()) flush();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (helloTimer != null) helloTimer.cancel(false);
        hub.leave(this);
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (closing) return;
        if (!(frame instanceof TextWebSocketFrame text)) {
            close(CLOSE_BAD_REQUEST, "the studio protocol uses JSON text frames");
            return;
        }
        JsonNode msg;
        try {
            msg = Frames.MAPPER.readTree(text.text());
        } catch (IOException e) {
            close(authed ? CLOSE_BAD_REQUEST : CLOSE_UNAUTHORIZED, "not JSON: " + e.getMessage());
            return;
        }
        String type = msg.path("type").asText("");
        if (!authed) {
            hello(msg, type);
            return;
        }
        switch (type) {
            case "watch" -> outbox.watch(id(msg), msg.path("rows").asInt(20));
            case "unwatch" -> outbox.unwatch(id(msg));
            case "tap" -> outbox.tap(id(msg));
            case "untap" -> outbox.untap(id(msg));
            case "rows" -> rows(msg);
            case "edit" -> {
                String reqId = msg.path("reqId").asText("");
                if (hub.readonly()) outbox.reply(readonly(reqId));
                else hub.edit(this, reqId, msg.path("baseRev").asLong(-1), msg.get("ops"));
            }
            case "save" -> {
                String reqId = msg.path("reqId").asText("");
                if (hub.readonly()) outbox.reply(readonly(reqId));
                else hub.save(this, reqId);
            }
            case "hello" -> {} // a second hello changes nothing
            default ->
                outbox.log(Frames.logItem(
                        System.currentTimeMillis(), "warning", null, "unknown message type '" + type + "' ignored"));
        }
        flush();
    }

    private void hello(JsonNode msg, String type) {
        if (!type.equals("hello") || !guard.tokenMatches(msg.path("token").asText(null))) {
            close(
                    CLOSE_UNAUTHORIZED,
                    type.equals("hello") ? "wrong token" : "the first message must be hello with the token");
            return;
        }
        if (msg.path("proto").asInt(-1) != Frames.PROTOCOL) {
            close(
                    CLOSE_BAD_REQUEST,
                    "this server speaks protocol " + Frames.PROTOCOL + ", the client " + msg.path("proto"));
            return;
        }
        authed = true;
        helloTimer.cancel(false);
        ObjectNode hello = Frames.message("hello");
        hello.put("proto", Frames.PROTOCOL);
        hello.put("server", serverVersion);
        hello.put("readonly", hub.readonly());
        if (hub.live().file() == null) hello.putNull("file");
        else hello.put("file", hub.live().file().toString());
        outbox.reply(Frames.text(hello));
        hub.join(this);
        flush();
    }

    private static String readonly(String reqId) {
        return Frames.nack(
                reqId,
                java.util.List.of(new EditError(
                        null, null, "the studio runs read-only (--readonly): edits and saves are refused")),
                false);
    }

    private static String id(JsonNode msg) {
        return msg.path("id").asText("");
    }

    private void rows(JsonNode msg) {
        String reqId = msg.path("reqId").asText("");
        String id = id(msg);
        int from = Math.max(0, msg.path("from").asInt(0));
        int count = Math.max(0, Math.min(MAX_ROWS_REQUEST, msg.path("count").asInt(100)));
        if (rowsInFlight.incrementAndGet() > MAX_ROWS_IN_FLIGHT) {
            rowsInFlight.decrementAndGet();
            outbox.reply(Frames.nack(
                    reqId,
                    java.util.List.of(new EditError(id, null, "too many rows requests at once; wait for the answers")),
                    false));
            return;
        }
        hub.patch().query(v -> rowsFrame(v.node(id), reqId, id, from, count)).whenComplete((frame, failure) -> {
            rowsInFlight.decrementAndGet();
            reply(
                    frame != null
                            ? frame
                            : Frames.nack(
                                    reqId, java.util.List.of(new EditError(id, null, String.valueOf(failure))), false));
        });
    }

    /** Cook thread: copies the requested rows into their message. */
    private static String rowsFrame(NodeView node, String reqId, String id, int from, int count) {
        if (node == null || node.getTable() == null)
            return Frames.nack(reqId, java.util.List.of(new EditError(id, null, "no DAT '" + id + "'")), false);
        Table t = node.getTable();
        ObjectNode o = Frames.message("rows");
        o.put("reqId", reqId);
        o.put("id", id);
        o.put("from", from);
        o.put("numRows", t.numRows());
        o.put("firstSeq", t.firstRowSeq());
        String[] header = new String[t.numCols()];
        for (int c = 0; c < header.length; c++) header[c] = t.header(c);
        o.set("header", Frames.row(header));
        ArrayNode rows = o.putArray("rows");
        int end = Math.min(t.numRows(), from + count);
        for (int r = from; r < end; r++) {
            String[] cells = new String[t.rowLength(r)];
            for (int c = 0; c < cells.length; c++) cells[c] = t.cell(r, c);
            rows.add(Frames.row(cells));
        }
        return Frames.text(o);
    }

    /** Sends what the outbox holds while the channel is writable. Event loop only. */
    private void flush() {
        if (!authed || closing || channel == null || !channel.isActive()) return;
        boolean[] wrote = {false};
        outbox.drain(
                channel::isWritable,
                frame -> {
                    channel.write(new TextWebSocketFrame(frame));
                    wrote[0] = true;
                },
                System.currentTimeMillis());
        if (wrote[0]) channel.flush();
    }

    private void close(int code, String reason) {
        if (closing || channel == null) return;
        closing = true;
        Channel ch = channel;
        ch.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
        // A peer that does not read never lets the close frame out: close the socket anyway.
        ch.eventLoop().schedule(() -> ch.close(), HELLO_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
