package dev.patchline.nodes.core.dat;

import dev.patchline.nodes.core.FileWatch;
import dev.patchline.runtime.files.PathRefusedException;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.OperatorContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file behind a Table or Text DAT: reads it when its path or stamp changed and keeps a watch
 * that wakes the node when the file changes on disk. A missing or unreadable file is reported on the
 * node (naming the parameter and the absolute path) and the node keeps running with its last content.
 */
final class FileSource {
    private final String parameterName;
    private OperatorContext owner;
    private String path = "";
    private boolean watching;
    private FileWatch.Watch watch;
    private FileWatch.Stamp loaded;
    private String fileText;

    FileSource(String parameterName) {
        this.parameterName = parameterName;
    }

    void start(OperatorContext ctx) {
        this.owner = ctx;
    }

    /**
     * The node's source text: the file's when {@code path} is set (the last text read stays while the file cannot be
     * read), else {@code inline}.
     *
     * @param sync re-read the file when it changes on disk
     * @param reload re-read the file now (a reload pulse)
     * @param changed whether a parameter the output depends on changed in this cook
     * @return the text when the node must rebuild its output (a parameter changed or the file was read), else null;
     *     also null while a set file has never been read (the problem is reported on the node)
     */
    String textToShow(CookContext ctx, String path, boolean sync, boolean reload, String inline, boolean changed) {
        boolean rebuild = changed;
        if (!path.isEmpty()) {
            String text = poll(ctx, path, sync, reload);
            if (text != null) {
                fileText = text;
                rebuild = true;
            }
            if (fileText == null) return null; // error already reported; keep the last content
        } else {
            poll(ctx, "", false, false);
            fileText = null;
        }
        if (!rebuild) return null;
        return path.isEmpty() ? inline : fileText;
    }

    /**
     * {@return the file's text when it must be (re)loaded now, else null} Reports problems on the node.
     *
     * @param force reload even when the stamp did not change (a reload pulse)
     */
    String poll(CookContext ctx, String newPath, boolean sync, boolean force) {
        Path p;
        try {
            p = newPath.isEmpty() ? null : ctx.resolvePath(newPath);
        } catch (PathRefusedException e) {
            // Nothing is read or watched; the next poll checks again, so a corrected path loads at once.
            closeWatch();
            path = "";
            watching = false;
            loaded = null;
            ctx.error("parameter '" + parameterName + "': " + e.getMessage());
            return null;
        }
        if (!newPath.equals(path) || sync != watching) {
            closeWatch();
            path = newPath;
            loaded = null;
            if (sync && p != null) watch = FileWatch.watch(p, owner::wakeup);
            watching = sync;
        }
        if (p == null) return null;
        FileWatch.Stamp now = FileWatch.stamp(p);
        if (!now.exists()) {
            ctx.error("parameter '" + parameterName + "': file " + p.toAbsolutePath() + " "
                    + (now.key() == null ? "does not exist" : "cannot be read (" + now.key() + ")")
                    + "; create it or change '" + parameterName + "'"
                    + (sync ? " (it loads as soon as it appears)" : ""));
            loaded = null;
            return null;
        }
        if (!force && now.equals(loaded)) return null;
        try {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            loaded = now;
            return text;
        } catch (IOException | UncheckedIOException e) {
            ctx.error("parameter '" + parameterName + "': file " + p.toAbsolutePath() + " cannot be read: "
                    + e.getMessage());
            return null;
        }
    }

    /** {@return whether the last poll found a problem so the last content is stale} */
    boolean hasFile() {
        return !path.isEmpty();
    }

    void closeWatch() {
        if (watch != null) watch.close();
        watch = null;
    }
}
