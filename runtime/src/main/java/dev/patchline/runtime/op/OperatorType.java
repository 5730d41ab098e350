package dev.patchline.runtime.op;

import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.List;

/**
 * A kind of operator ("mqttClient", "select", "constant"): its identity, parameters, ports and docs,
 * and a factory for running instances. Implementations are immutable and thread-safe.
 *
 * <p>The usual way is to build the type once with {@link #define(String, Family)} as a constant of the
 * operator class and list that constant in the module's {@link OperatorProvider}.
 */
public interface OperatorType {

    /** {@return the stable id used in graph files, e.g. {@code "mqttClient"}} */
    String id();

    /** {@return the family of the output} */
    Family family();

    /** {@return the parameters in documentation order; names are unique} */
    List<ParameterDescriptor<?>> parameters();

    /** {@return the input ports in order; the last one may be repeating} */
    List<PortSpec> inputs();

    /** {@return the output port} */
    PortSpec output();

    /** {@return documentation metadata} */
    OperatorDoc doc();

    /**
     * {@return whether nodes of this type are roots of the pull: they cook whenever they have a
     * reason even when nothing downstream needs them} True for operators with effects outside the
     * graph (network clients and servers, file writers).
     */
    default boolean cookAlways() {
        return false;
    }

    /** {@return whether nodes of this type cook on every frame (clocks, LFOs, "time since" nodes)} */
    default boolean timeDependent() {
        return false;
    }

    /**
     * {@return ids this type had before it was renamed} Graphs that still use one load as this type,
     * with a deprecation warning naming {@link #id()}.
     */
    default List<String> formerIds() {
        return List.of();
    }

    /** {@return a new, not yet started operator instance} */
    Operator create();

    /** {@return the parameter named {@code name}, or null} */
    default ParameterDescriptor<?> parameter(String name) {
        for (ParameterDescriptor<?> p : parameters()) {
            if (p.name().equals(name)) return p;
        }
        return null;
    }

    /** {@return a builder for an operator type} */
    static OperatorTypeBuilder define(String id, Family family) {
        return new OperatorTypeBuilder(id, family);
    }
}
