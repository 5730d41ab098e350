/**
 * Hot reload: {@link dev.patchline.runtime.reload.GraphFileWatcher} watches a running patch's graph file and the
 * callbacks files it names, and applies each change on disk to the patch through
 * {@link dev.patchline.runtime.cook.Patch#apply} (source {@code DISK}); an invalid file changes nothing and is
 * reported as a {@link dev.patchline.runtime.reload.ReloadEvent}.
 *
 * <p>Threading rule: each watcher owns one daemon thread, {@code patchline-reload-<file>}, which alone reads the
 * {@link java.nio.file.WatchService}, debounces, reads and parses the files, and calls the listener. It reaches the
 * patch only through {@code Patch.apply}, {@code Patch.edit} and {@code Patch.graph}, and waits for them at most the
 * watcher's apply limit. {@code save} and {@code close} may be called from any thread; the last content loaded or
 * saved is guarded by the watcher's lock.
 *
 * <p>Unless stated otherwise, null arguments cause {@link java.lang.NullPointerException}.
 */
package dev.patchline.runtime.reload;
