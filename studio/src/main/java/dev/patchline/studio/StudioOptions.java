package dev.patchline.studio;

import dev.patchline.runtime.cook.PatchOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to serve a patch in the studio.
 *
 * @param patchOptions the options the patch was started with (its registry, environment, base folder and allowed
 *                     paths validate edits as they validated the graph)
 * @param file         the graph file that save writes, or null for a graph built in code (save is then refused)
 * @param bind         the address to listen on; {@code 127.0.0.1} unless the user asks for another
 * @param port         the port, 0 for any free one
 * @param readonly     show mode: every edit and save is refused
 */
public record StudioOptions(PatchOptions patchOptions, Path file, String bind, int port, boolean readonly) {
    /** The address the studio listens on unless told otherwise. */
    public static final String LOOPBACK = "127.0.0.1";

    public StudioOptions {
        Objects.requireNonNull(patchOptions, "patchOptions");
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }

    /** {@return options for {@code file} on 127.0.0.1, any free port, editable} */
    public static StudioOptions of(PatchOptions patchOptions, Path file) {
        return new StudioOptions(patchOptions, file, LOOPBACK, 0, false);
    }

    public StudioOptions withPort(int newPort) {
        return new StudioOptions(patchOptions, file, bind, newPort, readonly);
    }

    public StudioOptions withBind(String newBind) {
        return new StudioOptions(patchOptions, file, newBind, port, readonly);
    }

    public StudioOptions withReadonly(boolean newReadonly) {
        return new StudioOptions(patchOptions, file, bind, port, newReadonly);
    }
}
