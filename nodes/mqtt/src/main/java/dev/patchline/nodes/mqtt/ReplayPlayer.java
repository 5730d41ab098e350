package dev.patchline.nodes.mqtt;

import dev.patchline.recording.RecordedMessage;
import dev.patchline.recording.RecordingReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays a recording into a {@link MessageRing} on a thread of its own, each message when it is due: the recorded
 * intervals divided by the speed, frozen while paused. The ring bounds what waits for the cook in messages and bytes;
 * when it is full the player waits (the cook's drain wakes it), so a slow graph slows the replay down and nothing is
 * dropped. File I/O and waiting never happen on the cook thread.
 *
 * <p>Threading: {@link #run} on the player thread; {@link #paused}, {@link #speed} and {@link #stop} are written by the
 * cook thread, the outcome fields by the player thread; all are volatile.
 */
final class ReplayPlayer implements Runnable {
    /** The longest single wait, so that speed and pause changes and a stop take effect soon. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Path file;
    private final double fromSeconds;
    private final double toSeconds;
    private final boolean loop;
    private final MessageRing ring;
    private final Runnable wakeup;
    private Thread thread;

    volatile boolean paused;
    volatile double speed = 1;
    private volatile boolean stopped;

    /** Why the file cannot be played at all, or null. */
    volatile String failure;
    /** Where a damaged file stopped, or null. */
    volatile String damage;

    volatile boolean finished;
    volatile long loops;
    /** Seconds into the recording of the last message handed over. */
    volatile double position;

    ReplayPlayer(Path file, double fromSeconds, double toSeconds, boolean loop, MessageRing ring, Runnable wakeup) {
        this.file = file;
        this.fromSeconds = fromSeconds;
        this.toSeconds = toSeconds;
        this.loop = loop;
        this.ring = ring;
        this.wakeup = wakeup;
    }

    void start(String name) {
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the player and waits up to two seconds for its thread (it checks the flag at least every 20 ms). */
    void stop() {
        stopped = true;
        Thread t = thread;
        if (t == null) return;
        LockSupport.unpark(t);
        t.interrupt();
        try {
            t.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        Thread self = Thread.currentThread();
        ring.onRoom(() -> LockSupport.unpark(self));
        try {
            do {
                if (!playOnce()) break;
                loops++;
            } while (loop && !stopped);
        } catch (IOException e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
        } finally {
            finished = true;
            wakeup.run();
        }
    }

    /** One pass through the file; false when it should not be repeated (stopped, damaged, nothing in range). */
    private boolean playOnce() throws IOException {
        try (RecordingReader reader = RecordingReader.open(file)) {
            long firstMicros = Long.MIN_VALUE;
            long startMicros = Long.MIN_VALUE;
            double played = 0; // recording microseconds elapsed on the virtual clock
            long last = System.nanoTime();
            int handed = 0;
            for (RecordedMessage m; !stopped && (m = reader.next()) != null; ) {
                if (firstMicros == Long.MIN_VALUE) firstMicros = m.timeMicros();
                double at = (m.timeMicros() - firstMicros) / 1e6;
                if (at < fromSeconds) continue;
                if (toSeconds > 0 && at > toSeconds) break;
                if (startMicros == Long.MIN_VALUE) startMicros = m.timeMicros();
                long due = m.timeMicros() - startMicros;
                while (!stopped) {
                    long now = System.nanoTime();
                    if (!paused) played += (now - last) / 1000.0 * speed;
                    last = now;
                    if (!paused && played >= due) break;
                    long wait = paused ? MAX_PARK_NANOS : (long) ((due - played) * 1000 / speed);
                    LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
                }
                if (stopped) return false;
                InboundMessage message = new InboundMessage(
                        m.topic(), m.payload(), m.qos(), m.retain(), m.dup(), m.properties(), m.timeMillis());
                while (!stopped && !ring.hasRoomElseMarkRefused(message.weight())) {
                    LockSupport.parkNanos(MAX_PARK_NANOS);
                }
                if (stopped) return false;
                ring.offer(message);
                position = at;
                handed++;
                wakeup.run();
            }
            damage = reader.damage();
            return damage == null && handed > 0;
        }
    }
}
