package dev.patchline.runtime.cook;

import dev.patchline.runtime.op.NodeView;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.script.AbsTime;
import dev.patchline.runtime.script.OpResolver;
import java.util.List;

/**
 * Records what an expression, a bind or a cook reads (other nodes and the clock), so the reader is
 * made stale when what it read changes, and turns new reads into soft edges of the graph. It also
 * pulls a node read during a frame up to date first. Cook thread only.
 */
final class ReadRecorder {
    private final Engine engine;

    /** Where reads are being recorded right now (an expression or a bind), or null. */
    Reads reader;
    /** The node whose expression, bind or cook is running, or null. */
    NodeRuntime owner;
    /** The node whose operator is cooking right now (its {@code ctx.op()} reads are recorded), or null. */
    NodeRuntime cook;

    /** The {@code absTime} of scripts: reading it makes the expression time-dependent. */
    final AbsTime absTime = new AbsTime() {
        @Override
        public long getFrame() {
            if (reader != null) reader.time = true;
            return engine.scheduler.frame;
        }

        @Override
        public double getSeconds() {
            if (reader != null) reader.time = true;
            return engine.scheduler.seconds;
        }

        @Override
        public String toString() {
            return "absTime(frame " + engine.scheduler.frame + ")";
        }
    };

    /** The {@code op('id')} of scripts: a recorded read of another node. */
    final OpResolver resolver = this::resolve;

    ReadRecorder(Engine engine) {
        this.engine = engine;
    }

    private NodeView resolve(String id) {
        NodeRuntime n = engine.node(id);
        if (n == null) {
            List<String> near = OperatorRegistry.closest(id, engine.nodeIds());
            throw new IllegalArgumentException(
                    "op('" + id + "'): no such node" + (near.isEmpty() ? "" : "; did you mean '" + near.get(0) + "'?"));
        }
        record(n);
        return n.handle;
    }

    /** Sets where reads go; callers save the three fields before and restore them after. */
    void set(Reads reader, NodeRuntime owner, NodeRuntime cook) {
        this.reader = reader;
        this.owner = owner;
        this.cook = cook;
    }

    void record(NodeRuntime n) {
        NodeRuntime cooking = cook;
        Reads r = reader;
        boolean inFrame = engine.scheduler.inFrame;
        if (r == null) {
            // An operator reading itself through ctx.op() must not make itself stale after every cook.
            if (cooking == null || n == cooking) return;
            if (inFrame) engine.scheduler.ensureFresh(n);
            if (cooking.cookReads == null) cooking.cookReads = new Reads();
            cooking.cookReads.add(n);
            return;
        }
        if (n != owner && inFrame) engine.scheduler.ensureFresh(n);
        r.add(n);
    }

    /** Adds soft edges for nodes read; ordering is fixed up at the end of the frame. */
    void link(NodeRuntime n, Reads reads) {
        for (int i = 0; i < reads.count; i++) {
            NodeRuntime dep = reads.nodes[i];
            if (dep == n || dep.removed) continue;
            if (!n.softDeps.contains(dep)) {
                n.softDeps.add(dep);
                dep.softDependents.add(n);
                dep.anySoftDependents = true;
                engine.topology.markDirty();
            }
        }
        if (reads.time && !n.timeDependentParams && reads != n.cookReads) {
            n.timeDependentParams = true;
            engine.topology.markDirty();
        }
    }
}
