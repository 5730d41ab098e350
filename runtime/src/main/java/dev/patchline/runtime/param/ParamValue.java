package dev.patchline.runtime.param;

import java.util.Objects;

/**
 * How a parameter of a node gets its value (its "mode"), as written in a graph. Immutable values
 * that compare by content, so a saved and reloaded graph is equal to the original.
 *
 * <ul>
 *   <li>{@link Constant}: a typed value, e.g. {@code 100}</li>
 *   <li>{@link Expression}: Groovy source, e.g. {@code {"expr": "op('rate').par.value * 2"}}, re-evaluated only when
 *       something it read changed</li>
 *   <li>{@link Bind}: a channel ({@code "node/chan"}) or a cell ({@code "node/row/col"}) drives the value</li>
 *   <li>{@link Env}: an environment variable, e.g. {@code {"env": "MQTT_PASSWORD"}}; the only mode for secrets
 *       that can be saved</li>
 * </ul>
 */
public sealed interface ParamValue {

    /** {@return a constant mode value} */
    static ParamValue constant(Object value) {
        return new Constant(value);
    }

    /** {@return an expression mode value} */
    static ParamValue expr(String source) {
        return new Expression(source);
    }

    /** {@return a bind mode value} */
    static ParamValue bind(String target) {
        return new Bind(target);
    }

    /** {@return an environment-variable mode value} */
    static ParamValue env(String name) {
        return new Env(name);
    }

    /** A constant, already converted to the parameter's value type. */
    record Constant(Object value) implements ParamValue {
        public Constant {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A Groovy expression evaluated on the cook thread. */
    record Expression(String source) implements ParamValue {
        public Expression {
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * A binding to another node's data: {@code "node/channel"} for a CHOP channel (first sample),
     * {@code "node/row/col"} for a DAT cell (row index or name in column 0; column index or header name).
     */
    record Bind(String target) implements ParamValue {
        public Bind {
            Objects.requireNonNull(target, "target");
        }

        /** {@return the node id part of the target} */
        public String nodeId() {
            int slash = target.indexOf('/');
            return slash < 0 ? target : target.substring(0, slash);
        }
    }

    /** A value read from the environment variable {@code name} when the patch starts. */
    record Env(String name) implements ParamValue {
        public Env {
            Objects.requireNonNull(name, "name");
        }
    }
}
