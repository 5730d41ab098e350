package dev.patchline.protocol.mqtt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * QoS 1 and 2 round trips through a {@link ModelBroker} while the link is cut at random points (bytes in flight in
 * either direction are lost), with random read splits and random stalls of the application's sink. Seeded: a
 * failure names its seed and replays exactly.
 *
 * <p>Asserted: every publish completes successfully, every message reaches the application, no QoS 2 message
 * reaches it twice, and the engine never reports a protocol error.
 */
class RandomizedSessionTest {

    private static final int MESSAGES = 400;

    static List<Object[]> seeds() {
        List<Object[]> s = new ArrayList<>();
        for (long seed = 1; seed <= 24; seed++) {
            s.add(new Object[] {seed, seed % 3 == 0 ? MqttVersion.V3_1_1 : MqttVersion.V5});
        }
        return s;
    }

    @ParameterizedTest(name = "seed {0} {1}")
    @MethodSource("seeds")
    void noLossAndNoQos2DuplicateAcrossRandomDisconnects(long seed, MqttVersion version) {
        Random random = new Random(seed);
        ModelBroker broker = new ModelBroker(1 + random.nextInt(8));
        EngineConfig config = EngineConfig.builder()
                .version(version)
                .clientId("rnd")
                .cleanStart(true)
                .sessionExpiryInterval(version.isV5() ? 3600 : 0)
                .keepAliveSeconds(2)
                .pingResponseTimeout(Duration.ofSeconds(1))
                .receiveMaximum(1 + random.nextInt(5))
                .publishQueueCapacity(MESSAGES)
                .build();
        if (!version.isV5()) {
            // 3.1.1 keeps the session with clean session off; the first connect must start clean once
            config = config.toBuilder().cleanStart(false).build();
        }
        RecordingListener app = new RecordingListener();
        MqttClientEngine engine = new MqttClientEngine(config, app);
        Link link = new Link(engine, broker, app, random);
        try {
            link.up();
            // Messages published before the SUBACK may legitimately miss the subscription: publish after it.
            CompletableFuture<SubscribeResult> subscribed = engine.subscribe(
                    List.of(Subscription.of("r/#", Qos.EXACTLY_ONCE)), new LabelRoute("h"), null, link.now);

            List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
            Qos[] sentQos = new Qos[MESSAGES];
            int published = 0;
            int cuts = 0;
            for (int step = 0; step < 200_000 && (published < MESSAGES || !link.settled(futures)); step++) {
                int action = random.nextInt(100);
                if (action < 25 && published < MESSAGES && subscribed.isDone() && !engine.isPublishQueueFull()) {
                    Qos qos = random.nextBoolean() ? Qos.AT_LEAST_ONCE : Qos.EXACTLY_ONCE;
                    sentQos[published] = qos;
                    ByteBuf payload = Unpooled.buffer(4).writeInt(published);
                    futures.add(engine.publish("r/" + (published % 7), payload, qos, false, null, link.now));
                    published++;
                } else if (action < 55) {
                    link.clientToServer(random.nextInt(64) + 1);
                } else if (action < 85) {
                    link.serverToClient(random.nextInt(64) + 1);
                } else if (action < 88 && published < MESSAGES) {
                    if (link.open) {
                        link.cut();
                        cuts++;
                    }
                } else if (action < 90 && published < MESSAGES) {
                    app.accepting = !app.accepting;
                    if (app.accepting) {
                        engine.resumeInbound(link.now);
                    }
                } else {
                    link.tick(Duration.ofMillis(random.nextInt(300)));
                }
                if (published >= MESSAGES && !app.accepting) {
                    app.accepting = true;
                    engine.resumeInbound(link.now);
                }
                link.handleCloseRequests();
                if (!link.open && random.nextInt(4) == 0) {
                    link.up();
                }
            }
            if (!link.settled(futures)) {
                fail("seed " + seed + ": not settled; inflight " + engine.inflightCount() + ", queued "
                        + engine.queuedPublishCount() + ", broker idle " + broker.idle() + ", open " + link.open
                        + ", connected "
                        + engine.isConnected() + ", paused " + engine.isInboundPaused());
            }

            int[] received = new int[MESSAGES];
            for (MqttMessage m : app.messages) {
                received[m.payload().getInt(m.payload().readerIndex())]++;
            }
            int qos1Duplicates = 0;
            for (int i = 0; i < MESSAGES; i++) {
                assertTrue(
                        futures.get(i).isDone() && !futures.get(i).isCompletedExceptionally(),
                        "seed " + seed + ": publish " + i + " did not complete: " + futures.get(i));
                assertTrue(futures.get(i).join().confirmed(), "seed " + seed + ": publish " + i + " unconfirmed");
                assertTrue(received[i] >= 1, "seed " + seed + ": message " + i + " (" + sentQos[i] + ") was lost");
                if (sentQos[i] == Qos.EXACTLY_ONCE) {
                    assertEquals(1, received[i], "seed " + seed + ": QoS 2 message " + i + " delivered twice");
                } else {
                    qos1Duplicates += received[i] - 1;
                }
            }
            for (Throwable reason : link.closeReasons) {
                assertTrue(
                        reason instanceof MqttConnectionException e && e.reasonCode() < 0,
                        "seed " + seed + ": the engine saw a protocol error: " + reason);
            }
            assertTrue(cuts > 0 && broker.connects > 1, "seed " + seed + ": the test must actually reconnect");
            System.out.printf(
                    "seed %d %s: %d messages, %d cuts, %d connects, %d QoS 1 duplicates%n",
                    seed, version, MESSAGES, cuts, broker.connects, qos1Duplicates);
        } finally {
            app.releaseAll();
            engine.close(link.now);
            broker.toClient.release();
        }
    }

    /** Two byte pipes between engine and broker, a clock, and the power to cut them. */
    private static final class Link {
        final MqttClientEngine engine;
        final ModelBroker broker;
        final RecordingListener app;
        final Random random;
        final ByteBuf toServer = Unpooled.buffer();
        final List<Throwable> closeReasons = new ArrayList<>();
        long now = ScriptedBroker.EPOCH;
        boolean open;
        int handledCloseRequests;
        int readableEventsBefore;

        Link(MqttClientEngine engine, ModelBroker broker, RecordingListener app, Random random) {
            this.engine = engine;
            this.broker = broker;
            this.app = app;
            this.random = random;
        }

        void up() {
            open = true;
            readableEventsBefore = app.readable.size(); // a new link reads, as the transport does
            toServer.clear();
            broker.open();
            engine.connectionOpened(now);
        }

        void cut() {
            open = false;
            toServer.clear();
            broker.cut();
            engine.connectionClosed(now, new IOException("cut by the test"));
        }

        void clientToServer(int max) {
            ByteBuf b;
            while ((b = engine.pollOutbound()) != null) {
                int n = b.readableBytes();
                if (open) {
                    toServer.writeBytes(b);
                }
                b.release();
                if (open) {
                    engine.outboundWritten(n, now);
                }
            }
            if (!open || !toServer.isReadable()) {
                return;
            }
            int n = Math.min(max, toServer.readableBytes());
            ByteBuf chunk = Unpooled.buffer(n);
            toServer.readBytes(chunk, n);
            toServer.discardReadBytes();
            broker.receive(chunk);
        }

        void serverToClient(int max) {
            boolean reading = app.readable.size() == readableEventsBefore || app.readable.get(app.readable.size() - 1);
            if (!open || !reading || !broker.toClient.isReadable()) {
                return;
            }
            int n = Math.min(max, broker.toClient.readableBytes());
            ByteBuf chunk = Unpooled.buffer(n);
            broker.toClient.readBytes(chunk, n);
            broker.toClient.discardReadBytes();
            engine.receive(chunk, now);
        }

        void tick(Duration d) {
            long target = now + d.toNanos();
            long deadline;
            while ((deadline = engine.nextDeadlineNanos()) != Long.MAX_VALUE && deadline - target <= 0) {
                now = Math.max(now, deadline);
                engine.handleTimeout(now);
                handleCloseRequests();
            }
            now = target;
        }

        void handleCloseRequests() {
            while (handledCloseRequests < app.closeRequests.size()) {
                closeReasons.add(app.closeRequests.get(handledCloseRequests++));
                if (open) {
                    clientToServer(Integer.MAX_VALUE);
                    cut();
                }
            }
        }

        boolean settled(List<CompletableFuture<PublishResult>> futures) {
            for (CompletableFuture<PublishResult> f : futures) {
                if (!f.isDone()) {
                    return false;
                }
            }
            return open
                    && engine.isConnected()
                    && broker.idle()
                    && !engine.isInboundPaused()
                    && !broker.toClient.isReadable()
                    && !toServer.isReadable();
        }
    }
}
