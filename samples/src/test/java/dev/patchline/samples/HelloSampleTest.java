package dev.patchline.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphJson;
import dev.patchline.runtime.op.OperatorRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HelloSampleTest {

    /** The module folder is the samples folder (Surefire runs in the module base directory). */
    static final Path SAMPLES = Path.of("").toAbsolutePath();

    @Test
    void json_and_java_build_equal_graphs() {
        Graph fromJson = GraphJson.load(SAMPLES.resolve("hello.json"), OperatorRegistry.load());
        assertThat(HelloSample.graph()).isEqualTo(fromJson);
    }

    @Test
    void runs_and_turns_the_warm_rooms_into_channels() {
        Graph g = GraphJson.load(SAMPLES.resolve("hello.json"), OperatorRegistry.load());
        try (Patch patch =
                Patch.start(g, PatchOptions.builder().manual().watchAll().build())) {
            patch.step(3);
            Channels temps = patch.query(v -> v.node("temps").getChannels()).join();
            assertThat(temps.numChans()).isEqualTo(2);
            assertThat(temps.value(temps.index("kitchen"), 0)).isEqualTo(21.5);
            assertThat(temps.value(temps.index("studio"), 0)).isEqualTo(23.2);
            assertThat(patch.query(v -> v.node("warm").getTable().numRows()).join())
                    .as("data rows of warm")
                    .isEqualTo(2);
        }
    }
}
