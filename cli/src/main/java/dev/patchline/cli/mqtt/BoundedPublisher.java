package dev.patchline.cli.mqtt;

import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.engine.PublishResult;
import io.netty.buffer.Unpooled;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Publishes from one thread with bounded waiting, for {@code mqtt pub} and {@code mqtt replay}: never more than the
 * client's queue allows (it waits for the oldest publish instead of failing), failures counted, the first of a kind
 * printed and its repeats summed up.
 */
final class BoundedPublisher {
    /** Publishes whose outcome is kept at most; beyond it the oldest is awaited. */
    private static final int MAX_PENDING = 100_000;

    private final MqttClient client;
    private final ConnectionOptions connection;
    private final PrintStream err;
    private final ArrayDeque<CompletableFuture<PublishResult>> pending = new ArrayDeque<>();
    private final ArrayDeque<String> pendingTopics = new ArrayDeque<>();
    private long failures;
    /** The first failure's message is printed; later ones that say the same are only counted. */
    private String lastError;

    private int repeatedErrors;

    BoundedPublisher(MqttClient client, ConnectionOptions connection, PrintStream err) {
        this.client = client;
        this.connection = connection;
        this.err = err;
    }

    void send(String topic, byte[] bytes, Qos qos, boolean retain, PublishProperties properties)
            throws InterruptedException {
        // Backpressure: wait for the oldest publish while the client's queue is full, instead of failing.
        while (client.isPublishQueueFull() && !pending.isEmpty()) {
            settleOldest();
        }
        pending.add(client.publish(
                topic,
                bytes.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes),
                qos,
                retain,
                properties));
        pendingTopics.add(topic);
        while (pending.size() > MAX_PENDING
                || (!pending.isEmpty() && pending.peek().isDone())) {
            settleOldest();
        }
    }

    /** Waits for every publish; returns the exit code: 0 when all succeeded, 1 otherwise. */
    int finish() throws InterruptedException {
        while (!pending.isEmpty()) {
            settleOldest();
        }
        reportRepeats();
        return failures == 0 ? 0 : 1;
    }

    long failures() {
        return failures;
    }

    private void failed(String message) {
        failures++;
        if (message.equals(lastError)) {
            repeatedErrors++;
            return;
        }
        reportRepeats();
        lastError = message;
        connection.error(err, message);
    }

    private void reportRepeats() {
        if (repeatedErrors > 0) {
            connection.error(
                    err,
                    repeatedErrors + " more " + (repeatedErrors == 1 ? "publish" : "publishes")
                            + " failed the same way");
            repeatedErrors = 0;
        }
    }

    private void settleOldest() throws InterruptedException {
        CompletableFuture<PublishResult> future = pending.poll();
        String topic = pendingTopics.poll();
        try {
            future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            failed("Error publishing to '" + topic + "': " + ConnectionOptions.describe(e.getCause()));
        } catch (java.util.concurrent.TimeoutException e) {
            failed("Error publishing to '" + topic + "': no acknowledgement within 60 s");
        }
    }
}
