package dev.patchline.runtime.op;

import java.util.Objects;

/**
 * Describes one input or the output of an operator type: its name, its family and what flows
 * through it. Immutable.
 *
 * @param name        stable lowercase name, e.g. {@code "input"}
 * @param family      the family a wire into or out of this port must have
 * @param description one sentence for generated docs
 * @param required    whether a graph is invalid when this input is not wired (ignored for outputs)
 * @param repeating   whether this (last) input accepts any number of wires, e.g. a merge
 */
public record PortSpec(String name, Family family, String description, boolean required, boolean repeating) {

    public PortSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(description, "description");
    }

    /** {@return a required, single DAT port} */
    public static PortSpec dat(String name, String description) {
        return new PortSpec(name, Family.DAT, description, true, false);
    }

    /** {@return a required, single CHOP port} */
    public static PortSpec chop(String name, String description) {
        return new PortSpec(name, Family.CHOP, description, true, false);
    }

    /** {@return a copy of this port that may stay unwired} */
    public PortSpec optional() {
        return new PortSpec(name, family, description, false, repeating);
    }

    /** {@return a copy of this port that accepts any number of wires (only valid as the last input)} */
    public PortSpec asRepeating() {
        return new PortSpec(name, family, description, required, true);
    }
}
