package dev.patchline.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A script's view of the studio for the tests: a real WebSocket (java.net.http) that collects every message, and
 * bounded waits for the one a test expects.
 */
final class StudioClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration LIMIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    /** Messages an {@link #await} passed over, for later ones. Test thread only. */
    private final List<JsonNode> kept = new ArrayList<>();

    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();
    final WebSocket socket;

    private StudioClient(WebSocket socket) {
        this.socket = socket;
    }

    /** Opens {@code /ws} of the studio at {@code port}, with an {@code Origin} header when not null. */
    static StudioClient open(int port, String origin) throws Exception {
        Listener listener = new Listener();
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(LIMIT);
        if (origin != null) b.header("Origin", origin);
        WebSocket ws = b.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), listener)
                .get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        StudioClient c = new StudioClient(ws);
        listener.client.complete(c);
        return c;
    }

    /** Opens and says hello with {@code token}; {@return the client after the snapshot arrived} */
    static StudioClient connect(StudioServer server) throws Exception {
        StudioClient c = open(server.port(), null);
        c.send("{\"type\":\"hello\",\"proto\":1,\"token\":\"" + token(server) + "\"}");
        c.await("hello");
        return c;
    }

    static String token(StudioServer server) {
        return server.url().substring(server.url().indexOf("token=") + "token=".length());
    }

    void send(String json) {
        socket.sendText(json, true).join();
    }

    /** {@return the next message of {@code type} (others before it are skipped)} */
    JsonNode await(String type) throws InterruptedException {
        return await(type, m -> true);
    }

    /**
     * {@return the first message of {@code type} matching {@code test}, in arrival order} Messages that do not match
     * stay for later calls, so the order of unrelated messages does not matter.
     */
    JsonNode await(String type, Predicate<JsonNode> test) throws InterruptedException {
        for (java.util.Iterator<JsonNode> it = kept.iterator(); it.hasNext(); ) {
            JsonNode m = it.next();
            if (m.path("type").asText().equals(type) && test.test(m)) {
                it.remove();
                return m;
            }
        }
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode m = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                List<String> seen = new ArrayList<>();
                for (JsonNode k : kept)
                    if (seen.size() < 50) seen.add(k.path("type").asText());
                throw new AssertionError("no '" + type + "' message as expected within " + LIMIT + "; got types " + seen
                        + (closed.isDone() ? "; closed with " + closed.join() : ""));
            }
            if (m.path("type").asText().equals(type) && test.test(m)) return m;
            // Bounded: a test that waits long enough for thousands of others has failed anyway.
            if (kept.size() < 10_000) kept.add(m);
        }
    }

    int awaitClose() throws Exception {
        return closed.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        final CompletableFuture<StudioClient> client = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    client.join().received.add(JSON.readTree(text));
                } catch (Exception e) {
                    throw new AssertionError("the server sent text that is not JSON: " + text, e);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            StudioClient c = client.join();
            c.closeReason.complete(reason);
            c.closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            client.thenAccept(c -> c.closed.completeExceptionally(error));
        }
    }

    static void assertType(JsonNode m, String type) {
        assertThat(m.path("type").asText()).isEqualTo(type);
    }
}
