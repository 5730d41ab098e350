package dev.patchline.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The studio starts while the patch's first cook is still busy (a Groovy compile on a loaded machine can take
 * seconds): the URL is there at once, and a browser gets its snapshot as soon as the cook thread answers.
 */
class SlowStartTest {
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    static final OperatorType SLOW = OperatorType.define("studioSlow", Family.DAT)
            .doc(OperatorDoc.builder("Blocks its first cook until the test releases it (studio tests only).")
                    .label("Slow DAT")
                    .build())
            .build(() -> ctx -> RELEASE.await(30, TimeUnit.SECONDS));

    @Test
    void theStudioStartsAndAnswersHelloWhileTheFirstCookIsBusy() throws Exception {
        PatchOptions options = PatchOptions.builder()
                .registry(StudioProtocolTest.REGISTRY.with(SLOW))
                .name("studio-slow")
                .waitLimit(Duration.ofSeconds(1))
                .watchAll()
                .build();
        try (Patch patch = Patch.start(Graph.builder().node("slow", SLOW).build(), options)) {
            try (StudioServer studio = StudioServer.start(patch, StudioOptions.of(options, null));
                    StudioClient c = StudioClient.connect(studio)) {
                assertThat(c.received).noneMatch(m -> m.path("type").asText().equals("snapshot"));
                RELEASE.countDown();
                JsonNode snapshot = c.await("snapshot");
                assertThat(snapshot.path("graph")
                                .path("nodes")
                                .get(0)
                                .path("id")
                                .asText())
                        .isEqualTo("slow");
            } finally {
                RELEASE.countDown();
            }
        }
    }
}
