package dev.patchline.nodes.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Notices when files change (appear, disappear, new size or modification time) and calls a wakeup.
 * One daemon thread polls every registered file; polling rather than a {@code WatchService} because
 * it also sees files whose folder does not exist yet and behaves the same on every file system.
 * The callback must be cheap and thread-safe ({@code OperatorContext::wakeup} is both).
 */
public final class FileWatch {
    /** How often registered files are checked. */
    public static final long POLL_MILLIS = 200;

    private static final CopyOnWriteArrayList<Watch> WATCHES = new CopyOnWriteArrayList<>();
    private static Thread thread;

    private FileWatch() {}

    /** {@return the file's current stamp (size and modification time), or "missing"} Any thread. */
    public static Stamp stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(true, a.size(), a.lastModifiedTime().toMillis(), a.fileKey());
        } catch (NoSuchFileException e) {
            return Stamp.MISSING;
        } catch (IOException e) {
            return new Stamp(false, -1, -1, e.getMessage());
        }
    }

    /**
     * Starts watching {@code file}; {@code onChange} runs on the poll thread after each change.
     *
     * @return a handle whose {@link Watch#close()} stops watching
     */
    public static Watch watch(Path file, Runnable onChange) {
        Watch w = new Watch(file, onChange, stamp(file));
        WATCHES.add(w);
        ensureThread();
        return w;
    }

    private static synchronized void ensureThread() {
        if (thread != null) return;
        thread = new Thread(FileWatch::poll, "patchline-file-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private static void poll() {
        while (true) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            for (Watch w : WATCHES) {
                Stamp now = stamp(w.file);
                if (!now.equals(w.last)) {
                    w.last = now;
                    w.onChange.run();
                }
            }
        }
    }

    /**
     * What identifies a version of a file.
     *
     * @param exists whether the file exists
     * @param size   its size in bytes
     * @param mtime  its modification time in milliseconds
     * @param key    the file key or an error text, so a replaced file counts as changed
     */
    public record Stamp(boolean exists, long size, long mtime, Object key) {
        /** The stamp of a missing file. */
        public static final Stamp MISSING = new Stamp(false, -1, -1, null);
    }

    /** A registered file; close it when the node stops. */
    public static final class Watch implements AutoCloseable {
        private final Path file;
        private final Runnable onChange;
        private volatile Stamp last;

        private Watch(Path file, Runnable onChange, Stamp last) {
            this.file = Objects.requireNonNull(file);
            this.onChange = Objects.requireNonNull(onChange);
            this.last = last;
        }

        @Override
        public void close() {
            WATCHES.remove(this);
        }
    }
}
