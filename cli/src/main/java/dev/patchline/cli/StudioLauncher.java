package dev.patchline.cli;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.studio.StudioOptions;
import dev.patchline.studio.StudioServer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Starts the studio beside a running patch for {@code studio}, {@code run --ui} and {@code demo}: prints the one URL
 * on stdout (flushed, since scripts and tests read it) and, for an address other than loopback, a warning on stderr.
 */
public final class StudioLauncher {
    private StudioLauncher() {}

    /**
     * Serves {@code patch} and prints its URL.
     *
     * @param file the graph file save writes, or null for a graph built in code
     * @throws CliException when the address or port cannot be used
     */
    public static StudioServer start(
            Patch patch,
            PatchOptions options,
            Path file,
            String bind,
            int port,
            boolean readonly,
            PrintWriter out,
            PrintWriter err) {
        if (port < 0 || port > 65535) throw new CliException("--port must be between 0 and 65535, got " + port, 2);
        StudioServer studio;
        try {
            studio = StudioServer.start(patch, new StudioOptions(options, file, bind, port, readonly));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliException("the studio could not start: " + e.getMessage());
        }
        if (!isLoopback(bind)) {
            err.println("patchline: warning: the studio listens on " + bind
                    + ", not only on this machine; anyone who reaches that address and learns the token can edit"
                    + " the running patch. Use --bind 127.0.0.1 unless you mean it.");
            err.flush();
        }
        out.println(studio.url());
        out.flush();
        return studio;
    }

    static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
