package dev.patchline.runtime.op;

import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Builds an immutable {@link OperatorType}. Not thread-safe; {@link #build(Supplier)} checks ids,
 * unique parameter names and port order.
 */
public final class OperatorTypeBuilder {
    private static final Pattern ID = Pattern.compile("[a-z][A-Za-z0-9]*");

    private final String id;
    private final Family family;
    private final List<ParameterDescriptor<?>> parameters = new ArrayList<>();
    private final List<PortSpec> inputs = new ArrayList<>();
    private PortSpec output;
    private OperatorDoc doc;
    private boolean cookAlways;
    private boolean timeDependent;
    private List<String> formerIds = List.of();

    OperatorTypeBuilder(String id, Family family) {
        if (!ID.matcher(Objects.requireNonNull(id, "id")).matches()) {
            throw new IllegalArgumentException(
                    "operator type id '" + id + "' must be lowerCamelCase letters and digits");
        }
        this.id = id;
        this.family = Objects.requireNonNull(family, "family");
        this.output = new PortSpec(
                "output",
                family,
                family == Family.DAT ? "the table this node produces" : "the channels this node produces",
                false,
                false);
    }

    /** Adds parameters in documentation order. */
    public OperatorTypeBuilder parameters(ParameterDescriptor<?>... params) {
        parameters.addAll(List.of(params));
        return this;
    }

    /** Adds an input port. */
    public OperatorTypeBuilder input(PortSpec port) {
        inputs.add(Objects.requireNonNull(port));
        return this;
    }

    /** Replaces the default output port description. */
    public OperatorTypeBuilder output(PortSpec port) {
        if (port.family() != family) throw new IllegalArgumentException("output family must be " + family);
        this.output = port;
        return this;
    }

    public OperatorTypeBuilder doc(OperatorDoc doc) {
        this.doc = Objects.requireNonNull(doc);
        return this;
    }

    /** Shortcut for a doc with only a summary. */
    public OperatorTypeBuilder summary(String summary) {
        return doc(OperatorDoc.builder(summary).build());
    }

    /** Marks the type as a root of the pull (see {@link OperatorType#cookAlways()}). */
    public OperatorTypeBuilder cookAlways() {
        this.cookAlways = true;
        return this;
    }

    /** Marks the type as cooking every frame (see {@link OperatorType#timeDependent()}). */
    public OperatorTypeBuilder timeDependent() {
        this.timeDependent = true;
        return this;
    }

    /**
     * Keeps graphs that use an earlier id of this type loading; they get a deprecation warning that names
     * the current id (see {@link OperatorType#formerIds()}).
     */
    public OperatorTypeBuilder formerIds(String... ids) {
        this.formerIds = List.of(ids);
        return this;
    }

    /** {@return the finished type; {@code factory} creates one operator per node} */
    public OperatorType build(Supplier<? extends Operator> factory) {
        Objects.requireNonNull(factory, "factory");
        Set<String> names = new HashSet<>();
        for (ParameterDescriptor<?> p : parameters) {
            if (!names.add(p.name())) throw new IllegalStateException(id + ": duplicate parameter '" + p.name() + "'");
        }
        for (int i = 0; i < inputs.size() - 1; i++) {
            if (inputs.get(i).repeating()) throw new IllegalStateException(id + ": only the last input may repeat");
        }
        if (doc == null) throw new IllegalStateException(id + ": doc(...) or summary(...) is required");
        return new Defined(
                id,
                family,
                List.copyOf(parameters),
                List.copyOf(inputs),
                output,
                doc,
                cookAlways,
                timeDependent,
                formerIds,
                factory);
    }

    private record Defined(
            String id,
            Family family,
            List<ParameterDescriptor<?>> parameters,
            List<PortSpec> inputs,
            PortSpec output,
            OperatorDoc doc,
            boolean cookAlways,
            boolean timeDependent,
            List<String> formerIds,
            Supplier<? extends Operator> factory)
            implements OperatorType {
        @Override
        public Operator create() {
            return factory.get();
        }

        @Override
        public String toString() {
            return id + " (" + family + ")";
        }
    }
}
