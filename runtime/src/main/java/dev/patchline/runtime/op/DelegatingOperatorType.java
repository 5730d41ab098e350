package dev.patchline.runtime.op;

import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.List;
import java.util.Objects;

/**
 * Base class for the {@link java.util.ServiceLoader} entry of an operator type defined as a constant:
 *
 * {@snippet :
 * public final class TextDatType extends DelegatingOperatorType {
 *     public TextDatType() { super(TextDat.TYPE); }
 * }
 * }
 */
public abstract class DelegatingOperatorType implements OperatorType {
    private final OperatorType delegate;

    protected DelegatingOperatorType(OperatorType delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public final String id() {
        return delegate.id();
    }

    @Override
    public final Family family() {
        return delegate.family();
    }

    @Override
    public final List<ParameterDescriptor<?>> parameters() {
        return delegate.parameters();
    }

    @Override
    public final List<PortSpec> inputs() {
        return delegate.inputs();
    }

    @Override
    public final PortSpec output() {
        return delegate.output();
    }

    @Override
    public final OperatorDoc doc() {
        return delegate.doc();
    }

    @Override
    public final boolean cookAlways() {
        return delegate.cookAlways();
    }

    @Override
    public final boolean timeDependent() {
        return delegate.timeDependent();
    }

    @Override
    public final Operator create() {
        return delegate.create();
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof OperatorType t && t.id().equals(id());
    }

    @Override
    public final int hashCode() {
        return id().hashCode();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
