package dev.patchline.nodes.tcp.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.stream.StreamFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A link with a bounded event queue standing in for the operator's inbox, and a consumer that resumes the link
 * after each take, as the operator's cook does.
 */
final class LinkProbe implements AutoCloseable {
    final BlockingQueue<TcpEvent> events;
    final TcpLink link;

    LinkProbe(TcpLinkConfig config, int capacity) {
        events = new ArrayBlockingQueue<>(capacity);
        link = TcpLink.create(config, events::offer, () -> {});
    }

    static TcpLinkConfig server(int port) {
        return config(true, port, StreamFormat.perLine(), null, 1 << 20, SlowPeerPolicy.DROP_OLDEST);
    }

    static TcpLinkConfig client(int port) {
        return config(false, port, StreamFormat.perLine(), null, 1 << 20, SlowPeerPolicy.DROP_OLDEST);
    }

    static TcpLinkConfig config(
            boolean server, int port, StreamFormat format, SslContext ssl, int writeLimit, SlowPeerPolicy policy) {
        return new TcpLinkConfig(
                server,
                "127.0.0.1",
                port,
                format,
                StandardCharsets.UTF_8,
                ssl,
                Duration.ofMillis(50),
                Duration.ofMillis(400),
                writeLimit,
                policy,
                Duration.ZERO,
                0);
    }

    LinkProbe start() throws InterruptedException {
        assertThat(link.start().await(10, TimeUnit.SECONDS))
                .as("start within 10 s")
                .isTrue();
        return this;
    }

    /** Messages of a batch not yet handed to the test, one Received each. */
    private final ArrayDeque<TcpEvent> unbatched = new ArrayDeque<>();

    /** Takes the next event (a batch of messages comes out as one Received per message), failing after 10 s. */
    TcpEvent next() throws InterruptedException {
        if (!unbatched.isEmpty()) {
            return unbatched.poll();
        }
        TcpEvent event = events.poll(10, TimeUnit.SECONDS);
        link.resume();
        if (event == null) {
            throw new AssertionError("no event within 10 s; link status: " + link.status());
        }
        if (event instanceof TcpEvent.Messages batch) {
            assertThat(batch.count()).isBetween(2, TcpConnection.MAX_BATCH);
            for (int i = 0; i < batch.count(); i++) {
                unbatched.add(new TcpEvent.Received(batch.connection(), batch.texts()[i], batch.bytes()[i]));
            }
            return unbatched.poll();
        }
        if (event instanceof TcpEvent.Lines lines) {
            assertThat(lines.count()).isBetween(1, TcpConnection.MAX_BATCH);
            for (int i = 0; i < lines.count(); i++) {
                byte[] bytes = Arrays.copyOfRange(lines.data(), lines.start(i), lines.ends()[i]);
                unbatched.add(
                        new TcpEvent.Received(lines.connection(), new String(bytes, StandardCharsets.UTF_8), bytes));
            }
            return unbatched.poll();
        }
        return event;
    }

    <T extends TcpEvent> T next(Class<T> type) throws InterruptedException {
        TcpEvent event = next();
        assertThat(event).isInstanceOf(type);
        return type.cast(event);
    }

    /** Takes events until {@code count} of them matched {@code wanted}; returns the matching ones. */
    List<TcpEvent> collect(int count, Predicate<TcpEvent> wanted) throws InterruptedException {
        List<TcpEvent> out = new ArrayList<>();
        while (out.size() < count) {
            TcpEvent e = next();
            if (wanted.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Sends {@code text} framed by the link's format (default terminator) to one connection. */
    void send(TcpConnection to, String text) {
        ByteBuf framed =
                link.config().format().encoder().encode(ByteBufAllocator.DEFAULT, text, StandardCharsets.UTF_8, null);
        to.write(framed, 1);
    }

    @Override
    public void close() {
        link.close();
    }
}
