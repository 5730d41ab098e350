package dev.patchline.samples;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.graph.Graph;
import java.time.Duration;

/** Runs a sample graph for a while (first argument, in seconds; default until Ctrl-C). */
final class SampleRunner {

    private SampleRunner() {}

    static void run(Graph graph, String[] args) throws InterruptedException {
        Duration duration = args.length > 0 ? Duration.ofMillis((long) (Double.parseDouble(args[0]) * 1000)) : null;
        try (Patch patch = Patch.start(graph)) {
            Runtime.getRuntime().addShutdownHook(new Thread(patch::close, "sample-shutdown"));
            if (duration == null) {
                patch.awaitStop();
            } else {
                patch.awaitStop(duration);
            }
        }
    }
}
