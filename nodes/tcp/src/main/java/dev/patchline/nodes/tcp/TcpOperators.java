package dev.patchline.nodes.tcp;

import dev.patchline.runtime.op.OperatorProvider;
import dev.patchline.runtime.op.OperatorType;
import java.util.List;

/** The TCP/IP DAT: this module's entry in {@code META-INF/services/dev.patchline.runtime.op.OperatorProvider}. */
public final class TcpOperators implements OperatorProvider {
    @Override
    public List<OperatorType> types() {
        return List.of(TcpipDat.TYPE);
    }
}
