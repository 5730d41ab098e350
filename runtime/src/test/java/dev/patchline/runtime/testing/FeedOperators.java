package dev.patchline.runtime.testing;

import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorType;
import java.util.Map;

/**
 * Source nodes whose output a test writes directly: {@link OperatorTestRunner} wires one into each
 * input of the operator under test. The test mutates the feeder's output between frames; the feeder
 * cooks (doing nothing) so that the runtime publishes the change with a new version and delta.
 */
final class FeedOperators {
    static final String DAT_ID = "testFeedDat";
    static final String CHOP_ID = "testFeedChop";

    private FeedOperators() {}

    /** {@return a feeder type whose instances register themselves in {@code started} by node id} */
    static OperatorType type(Family family, Map<String, Feed> started) {
        return OperatorType.define(family == Family.DAT ? DAT_ID : CHOP_ID, family)
                .summary("Test input: " + (family == Family.DAT ? "a table" : "channels") + " written by the test.")
                .build(() -> new Feed(started));
    }

    /** Remembers its context so the runner can wake it after changing its output. */
    static final class Feed implements Operator {
        private final Map<String, Feed> started;
        OperatorContext context;

        Feed(Map<String, Feed> started) {
            this.started = started;
        }

        @Override
        public void onStart(OperatorContext ctx) {
            this.context = ctx;
            started.put(ctx.nodeId(), this);
        }

        @Override
        public void cook(CookContext ctx) {
            // The output was written by the test; the runtime commits it after this cook.
        }
    }
}
