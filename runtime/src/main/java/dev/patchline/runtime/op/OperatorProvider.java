package dev.patchline.runtime.op;

import java.util.List;

/**
 * The operator types one module contributes, found with {@link java.util.ServiceLoader}: list the
 * implementation class in {@code META-INF/services/dev.patchline.runtime.op.OperatorProvider}. A module
 * has one provider that returns the {@code TYPE} constants of its operator classes, so adding an operator
 * is one line here.
 *
 * {@snippet :
 * public final class CoreOperators implements OperatorProvider {
 *     public List<OperatorType> types() { return List.of(TableDat.TYPE, TextDat.TYPE); }
 * }
 * }
 */
@FunctionalInterface
public interface OperatorProvider {
    /** {@return this module's operator types; implementations need a public no-argument constructor} */
    List<OperatorType> types();
}
