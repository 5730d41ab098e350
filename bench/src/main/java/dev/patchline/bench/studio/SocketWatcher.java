package dev.patchline.bench.studio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A script client of the studio protocol (no browser): says hello, watches one node's table (20 rows, as a tile) and
 * reads every frame. It separates what the studio server costs the patch from what a browser costs the machine.
 */
final class SocketWatcher implements AutoCloseable {

    private final WebSocket socket;
    private final AtomicLong chars = new AtomicLong();

    SocketWatcher(int port, String token, String node) throws Exception {
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        chars.addAndGet(data.length());
                        ws.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"hello\",\"proto\":1,\"token\":\"" + token + "\"}", true)
                .get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"watch\",\"id\":\"" + node + "\",\"rows\":20}", true)
                .get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (chars.get() == 0) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the studio sent nothing in 10 s");
            Thread.sleep(10);
        }
    }

    /** {@return characters received so far} */
    long received() {
        return chars.get();
    }

    @Override
    public void close() throws Exception {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }
}
