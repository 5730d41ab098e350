package dev.patchline.nodes.core.dat;

import dev.patchline.runtime.op.Callbacks;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;

/**
 * Execute DAT: callbacks at start, around every frame and at exit. The runtime has no end-of-frame
 * hook for operators, so {@code onFrameEnd(n)} runs when frame n+1 begins, right before
 * {@code onFrameStart(n+1)}: after every cook of frame n, which is what end-of-frame work needs.
 */
public final class ExecuteDat implements Operator {
    public static final ParameterDescriptor<Boolean> ACTIVE = ParameterDescriptor.ofToggle("active")
            .label("Active")
            .defaultValue(true)
            .help("Run the callbacks.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("execute", Family.DAT)
            .parameters(ACTIVE)
            .cookAlways()
            .timeDependent()
            .doc(OperatorDoc.builder("Runs callbacks at start, every frame and at exit.")
                    .label("Execute DAT")
                    .details("""
                            Calls `onStart()` on its first cook, `onFrameStart(frame)` on every frame and \
                            `onExit()` when the patch stops or the node is removed. Because operators cannot run \
                            after the last cook of a frame, `onFrameEnd(frame)` for frame n runs at the beginning \
                            of frame n+1 (just before `onFrameStart(n+1)`), and for the last frame just before \
                            `onExit()`: it always sees every cook of its frame. The output table stays empty.""")
                    .callback("onStart", "Once, on the first frame.")
                    .callback("onFrameStart", "Every frame, before the other callbacks of that frame.", "frame")
                    .callback("onFrameEnd", "After every cook of the frame (runs as the next frame begins).", "frame")
                    .callback("onExit", "When the patch stops or this node is removed.")
                    .build())
            .build(ExecuteDat::new);

    private OperatorContext owner;
    private long pendingEnd = -1;
    private boolean active = true;

    @Override
    public void onStart(OperatorContext ctx) {
        owner = ctx;
    }

    @Override
    public void cook(CookContext ctx) {
        active = ctx.par(ACTIVE);
        Callbacks cb = ctx.callbacks();
        if (cb == Callbacks.NONE) {
            ctx.warning("no callbacks attached: add onStart(), onFrameStart(frame), onFrameEnd(frame) or onExit()");
            return;
        }
        if (pendingEnd >= 0) {
            cb.invoke("onFrameEnd", pendingEnd);
            pendingEnd = -1;
        }
        if (!active) return;
        if (ctx.firstCook()) cb.invoke("onStart");
        cb.invoke("onFrameStart", ctx.frame());
        if (cb.has("onFrameEnd")) pendingEnd = ctx.frame();
    }

    @Override
    public void onStop(boolean removed) {
        if (owner == null) return;
        Callbacks cb = owner.callbacks();
        if (pendingEnd >= 0) cb.invoke("onFrameEnd", pendingEnd);
        pendingEnd = -1;
        if (active) cb.invoke("onExit");
    }
}
