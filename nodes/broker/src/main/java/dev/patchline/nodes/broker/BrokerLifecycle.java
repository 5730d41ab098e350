package dev.patchline.nodes.broker;

import dev.patchline.nodes.broker.BrokerStatus.State;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * Runs one node's embedded broker on a dedicated helper thread so that the cook thread never waits
 * for HiveMQ: {@link #apply} and {@link #stop} only queue work and return. The helper thread publishes
 * {@link BrokerStatus} and {@link Counters} through volatile fields and wakes the node when either
 * changes. Counters are polled twice a second, which is plenty for a status table and costs nothing
 * when idle.
 *
 * <p>Threading: {@code apply}, {@code stop} and {@code close} from the cook thread; {@code status} and
 * {@code counters} from any thread.
 */
final class BrokerLifecycle implements AutoCloseable {

    /** Traffic counters of the running broker. */
    record Counters(long clients, long messagesIn, long messagesOut) {
        static final Counters ZERO = new Counters(0, 0, 0);
    }

    private static final long POLL_MILLIS = 500;
    private static final long CLOSE_TIMEOUT_SECONDS = 45;

    private final String nodeId;
    private final Runnable wakeup;
    private final Logger log;
    private final ScheduledThreadPoolExecutor worker;
    /** Latest settings asked for and not yet acted on; applying several quickly starts only the last. */
    private final AtomicReference<EmbeddedBroker.Settings> pending = new AtomicReference<>();

    private volatile BrokerStatus status = BrokerStatus.STOPPED;
    private volatile Counters counters = Counters.ZERO;
    /** Helper thread only. */
    private EmbeddedBroker broker;

    BrokerLifecycle(String nodeId, Runnable wakeup, Logger log) {
        this.nodeId = Objects.requireNonNull(nodeId);
        this.wakeup = Objects.requireNonNull(wakeup);
        this.log = Objects.requireNonNull(log);
        this.worker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "patchline-broker-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        worker.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts the broker with {@code settings}, replacing a running one. Returns at once. */
    void apply(EmbeddedBroker.Settings settings) {
        pending.set(Objects.requireNonNull(settings));
        publish(new BrokerStatus(State.STARTING, "", settings.address(), 0, 0));
        worker.execute(this::startPending);
    }

    /** Stops the broker. Returns at once. */
    void stop() {
        pending.set(null);
        worker.execute(() -> {
            stopBroker();
            publish(BrokerStatus.STOPPED);
        });
    }

    BrokerStatus status() {
        return status;
    }

    Counters counters() {
        return counters;
    }

    /**
     * Stops the broker and the helper thread, waiting until HiveMQ has released its ports and the
     * temporary folder is gone, so that a graph started right after can bind the same port.
     */
    @Override
    public void close() {
        pending.set(null);
        worker.execute(this::stopBroker);
        worker.shutdown();
        try {
            if (!worker.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("embedded broker of node '{}' did not stop within {} s", nodeId, CLOSE_TIMEOUT_SECONDS);
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        status = BrokerStatus.STOPPED;
    }

    private void startPending() {
        EmbeddedBroker.Settings settings = pending.getAndSet(null);
        if (settings == null) {
            return; // a later apply or stop already handled it
        }
        stopBroker();
        try {
            EmbeddedBroker started = EmbeddedBroker.start(settings, nodeId);
            if (pending.get() != null || worker.isShutdown()) {
                started.close(); // superseded while starting
                return;
            }
            broker = started;
            publish(new BrokerStatus(State.RUNNING, "", settings.address(), started.port(), started.wsPort()));
            log.info("MQTT broker listening on {}", status.url());
        } catch (BrokerStartException e) {
            publish(new BrokerStatus(State.ERROR, e.getMessage(), settings.address(), 0, 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | LinkageError e) {
            log.warn("embedded broker of node '{}' failed to start", nodeId, e);
            publish(new BrokerStatus(State.ERROR, "HiveMQ failed to start: " + e, settings.address(), 0, 0));
        }
    }

    private void stopBroker() {
        EmbeddedBroker b = broker;
        if (b == null) {
            return;
        }
        broker = null;
        try {
            b.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("embedded broker of node '{}' did not stop cleanly", nodeId, e);
        }
        counters = Counters.ZERO;
    }

    private void poll() {
        EmbeddedBroker b = broker;
        if (b == null) {
            return;
        }
        try {
            Counters now = new Counters(b.clients(), b.messagesIn(), b.messagesOut());
            if (!now.equals(counters)) {
                counters = now;
                wakeup.run();
            }
        } catch (RuntimeException e) {
            // A metric read racing HiveMQ's shutdown; the next poll or stop settles it.
        }
    }

    private void publish(BrokerStatus s) {
        status = s;
        wakeup.run();
    }
}
