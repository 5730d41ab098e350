package dev.patchline.nodes.osc;

import dev.patchline.runtime.op.OperatorProvider;
import dev.patchline.runtime.op.OperatorType;
import java.util.List;

/** The OSC In and OSC Out DATs: this module's entry in {@code META-INF/services/dev.patchline.runtime.op.OperatorProvider}. */
public final class OscOperators implements OperatorProvider {
    @Override
    public List<OperatorType> types() {
        return List.of(OscInDat.TYPE, OscOutDat.TYPE);
    }
}
