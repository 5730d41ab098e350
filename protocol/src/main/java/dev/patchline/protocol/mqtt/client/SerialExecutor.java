package dev.patchline.protocol.mqtt.client;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: a client's callbacks keep their order without
 * costing a thread per client (a thousand idle clients need no thousand threads). A task that throws is logged and
 * does not stop the ones after it. Thread-safe.
 */
final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                throw e;
            }
        }
    }

    private void drain() {
        // Bounded batch so that one busy client cannot starve the others sharing the pool.
        for (int i = 0; i < 1024; i++) {
            Runnable task = tasks.poll();
            if (task == null) {
                break;
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("MQTT client callback failed; continuing with the next one", e);
            }
        }
        scheduled.set(false);
        // Re-check: a task added between the last poll and the reset would otherwise wait for the next submission.
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            pool.execute(drain);
        }
    }
}
