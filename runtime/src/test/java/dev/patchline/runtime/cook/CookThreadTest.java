package dev.patchline.runtime.cook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A cook thread that dies or does not return: what the patch reports, and that nobody waits without a limit. */
class CookThreadTest {
    /** Calls its {@code onFrame(frame)} callback on every frame. */
    static final OperatorType EVERY_FRAME = OperatorType.define("testEveryFrame", Family.DAT)
            .cookAlways()
            .timeDependent()
            .summary("Test: calls onFrame(frame) every frame.")
            .build(() -> ctx -> ctx.callbacks().invoke("onFrame", ctx.frame()));

    /** Fails its cook with an Error no operator catches. */
    static final OperatorType OUT_OF_MEMORY = OperatorType.define("testOutOfMemory", Family.DAT)
            .cookAlways()
            .summary("Test: throws OutOfMemoryError.")
            .build(() -> ctx -> {
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            });

    /** Calls its {@code onOpen()} callback from its {@code onStart}, as an operator that opens a device might. */
    static final OperatorType CALLS_BACK_AT_START = OperatorType.define("testCallsBackAtStart", Family.DAT)
            .summary("Test: calls onOpen() while it starts.")
            .build(() -> new Operator() {
                @Override
                public void onStart(OperatorContext ctx) {
                    ctx.callbacks().invoke("onOpen");
                }

                @Override
                public void cook(CookContext ctx) {}
            });

    private static final OperatorRegistry REGISTRY =
            OperatorRegistry.of(EVERY_FRAME, OUT_OF_MEMORY, CALLS_BACK_AT_START);

    /** Releases the Java loops below, so that an abandoned cook thread does not spin after its test. */
    private static volatile boolean release;

    @AfterEach
    void releaseLoops() {
        release = true;
    }

    private static PatchOptions.Builder options() {
        return PatchOptions.builder().registry(REGISTRY).fps(200).name("test");
    }

    @Test
    void an_error_that_ends_the_cook_loop_is_a_failure_that_names_the_node_and_the_cause() throws Exception {
        Graph g = Graph.builder().node("hungry", OUT_OF_MEMORY).build();
        try (Patch patch = Patch.start(g, options().build())) {
            assertThat(patch.awaitStop(Duration.ofSeconds(10)))
                    .as("the cook loop ended")
                    .isTrue();
            PatchFailure f = patch.failure().orElseThrow();
            assertThat(f.kind()).isEqualTo(PatchFailure.Kind.COOK_THREAD_DIED);
            assertThat(f.node()).isEqualTo("hungry");
            assertThat(f.activity()).isEqualTo("cook");
            assertThat(f.cause()).isInstanceOf(OutOfMemoryError.class);
            assertThat(f.message()).contains("node 'hungry'", "OutOfMemoryError", "Java heap space");
        }
    }

    @Test
    void an_error_thrown_by_a_callback_names_the_callback() throws Exception {
        Object callbacks = new Object() {
            @SuppressWarnings("unused")
            public void onFrame(long frame) {
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            }
        };
        Graph g = Graph.builder()
                .node("cb", EVERY_FRAME, p -> p.callbacks(CallbackSpec.object(callbacks)))
                .build();
        try (Patch patch = Patch.start(g, options().build())) {
            assertThat(patch.awaitStop(Duration.ofSeconds(10))).isTrue();
            PatchFailure f = patch.failure().orElseThrow();
            assertThat(f.node()).isEqualTo("cb");
            assertThat(f.activity()).isEqualTo("callback onFrame");
        }
    }

    @Test
    void stats_and_graph_called_from_a_callback_return() {
        AtomicReference<Patch> self = new AtomicReference<>();
        AtomicReference<List<NodeStats>> seen = new AtomicReference<>();
        AtomicReference<Graph> graph = new AtomicReference<>();
        Object callbacks = new Object() {
            @SuppressWarnings("unused")
            public void onFrame(long frame) {
                Patch p = self.get();
                if (p != null && seen.get() == null) {
                    seen.set(p.stats());
                    graph.set(p.graph());
                }
            }
        };
        Graph g = Graph.builder()
                .node("cb", EVERY_FRAME, p -> p.callbacks(CallbackSpec.object(callbacks)))
                .build();
        try (Patch patch = Patch.start(g, options().build())) {
            self.set(patch);
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.get() != null);
            assertThat(seen.get()).extracting(NodeStats::id).containsExactly("cb");
            assertThat(graph.get().nodes()).hasSize(1);
            assertThat(patch.failure()).isEmpty();
        }
    }

    @Test
    void close_interrupts_a_groovy_callback_that_loops_forever_and_names_it() {
        Graph g = Graph.builder()
                .node("loop", EVERY_FRAME, p -> p.callbacks(CallbackSpec.inline("def onFrame(f) { while (true) { } }")))
                .build();
        Patch patch = Patch.start(g, options().waitLimit(Duration.ofMillis(500)).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> patch.frame() > 0);
        assertTimeoutPreemptively(Duration.ofSeconds(20), patch::close);
        PatchFailure f = patch.failure().orElseThrow();
        assertThat(f.kind()).isEqualTo(PatchFailure.Kind.STOP_INTERRUPTED);
        assertThat(f.node()).isEqualTo("loop");
        assertThat(f.activity()).isEqualTo("callback onFrame");
        assertThat(f.message()).contains("node 'loop' (callback onFrame)", "interrupted");
        assertThat(patch.isRunning()).isFalse();
    }

    @Test
    void a_callback_that_loops_forever_while_the_patch_starts_fails_the_start_and_is_named() {
        Graph g = Graph.builder()
                .node(
                        "opener",
                        CALLS_BACK_AT_START,
                        p -> p.callbacks(CallbackSpec.inline("def onOpen() { while (true) { } }")))
                .build();
        PatchOptions o = options()
                .watchdog(Duration.ofMillis(200))
                .waitLimit(Duration.ofMillis(300))
                .build();
        assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> assertThatThrownBy(() -> Patch.start(g, o))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(
                                "node 'opener' (callback onOpen) did not return while patch test was starting")
                        .hasMessageContaining("interrupted"));
    }

    @Test
    void a_start_that_exceeds_the_start_limit_fails_and_names_the_node() {
        Graph g = Graph.builder()
                .node(
                        "opener",
                        CALLS_BACK_AT_START,
                        p -> p.callbacks(CallbackSpec.inline("def onOpen() { while (true) { } }")))
                .build();
        PatchOptions o = options()
                .watchdog(Duration.ZERO)
                .startLimit(Duration.ofMillis(500))
                .build();
        assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> assertThatThrownBy(() -> Patch.start(g, o))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("node 'opener' (callback onOpen)"));
    }

    @Test
    void close_abandons_a_cook_thread_that_ignores_interrupts() {
        Object stubborn = new Object() {
            @SuppressWarnings("unused")
            public void onFrame(long frame) {
                while (!release) {
                    Thread.interrupted(); // a loop that swallows interrupts, as some libraries do
                    Thread.onSpinWait();
                }
            }
        };
        release = false;
        Graph g = Graph.builder()
                .node("stuck", EVERY_FRAME, p -> p.callbacks(CallbackSpec.object(stubborn)))
                .build();
        Patch patch = Patch.start(g, options().waitLimit(Duration.ofMillis(500)).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> patch.frame() > 0);
        assertTimeoutPreemptively(Duration.ofSeconds(20), patch::close);
        PatchFailure f = patch.failure().orElseThrow();
        assertThat(f.kind()).isEqualTo(PatchFailure.Kind.STOP_ABANDONED);
        assertThat(f.message()).contains("node 'stuck' (callback onFrame)", "abandoned");
    }

    @Test
    void the_watchdog_names_a_long_callback_while_it_runs_and_leaves_a_warning_when_it_returns() {
        AtomicReference<Patch> self = new AtomicReference<>();
        Object slow = new Object() {
            private boolean once;

            @SuppressWarnings("unused")
            public void onFrame(long frame) {
                if (once) return;
                once = true;
                while (!release) Thread.onSpinWait();
            }
        };
        release = false;
        Graph g = Graph.builder()
                .node("slow", EVERY_FRAME, p -> p.callbacks(CallbackSpec.object(slow)))
                .build();
        try (Patch patch =
                Patch.start(g, options().watchdog(Duration.ofMillis(200)).build())) {
            self.set(patch);
            Stall stall = await().atMost(Duration.ofSeconds(10))
                    .until(() -> patch.stall().orElse(null), s -> s != null);
            assertThat(stall.node()).isEqualTo("slow");
            assertThat(stall.activity()).isEqualTo("callback onFrame");
            assertThat(stall.stack())
                    .anySatisfy(e -> assertThat(e.getMethodName()).isEqualTo("onFrame"));
            // Other threads are not kept waiting for the stuck cook thread: they learn at once where it is.
            assertThatThrownBy(patch::stats)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("node 'slow' (callback onFrame)");

            release = true;
            await().atMost(Duration.ofSeconds(10)).until(() -> patch.stall().isEmpty());
            NodeStats s = await().atMost(Duration.ofSeconds(10))
                    .until(() -> Patches.stats(patch, "slow"), n -> n.state() == NodeState.WARNING);
            assertThat(s.message()).contains("callback onFrame kept the cook thread busy");
            assertThat(patch.failure()).isEmpty();
        }
    }
}
