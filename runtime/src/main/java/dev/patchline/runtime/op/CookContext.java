package dev.patchline.runtime.op;

import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.OutputChannels;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.param.ParameterDescriptor;

/**
 * Everything an operator sees during one cook. A node cooks only with a reason: its first cook, an
 * input's version changed, a parameter changed (including an expression whose dependencies changed or
 * a bound channel), a pulse fired, it was woken (inbox not empty), it asked to cook next frame, or it is
 * time-dependent. The methods below tell which.
 *
 * <p>Threading: valid only on the cook thread and only during {@link Operator#cook(CookContext)};
 * do not keep a reference. No method allocates.
 */
public interface CookContext extends OperatorContext {

    /** {@return whether this is the first cook since the node started} */
    boolean firstCook();

    /** {@return whether the parameter's value changed since this node's previous cook (true on the first cook)} */
    boolean parChanged(ParameterDescriptor<?> parameter);

    /** {@return whether the pulse parameter fired since the previous cook} */
    boolean pulsed(ParameterDescriptor<Boolean> pulse);

    /** {@return whether {@link #wakeup()} was called (e.g. by an inbox offer) since the previous cook} */
    boolean woken();

    /** {@return the number of wired inputs} */
    int numInputs();

    /** {@return whether input {@code i}'s version changed since this node's previous cook} */
    boolean inputChanged(int i);

    /** {@return the table of DAT input {@code i}} */
    Table input(int i);

    /** {@return the channels of CHOP input {@code i}} */
    Channels inputChannels(int i);

    /** {@return this DAT's output table (the same object every cook; it keeps its content between cooks)} */
    OutputTable output();

    /** {@return this CHOP's output channels (the same object every cook)} */
    OutputChannels outputChannels();

    /**
     * {@return a view of another node of the graph by id, or null} Reading through it makes this
     * node depend on that node: this node cooks again when that node's output or parameters change.
     */
    NodeView op(String nodeId);

    /** {@return the node an {@link dev.patchline.runtime.param.ParamKind#OPERATOR} parameter points at, or null} */
    NodeView op(ParameterDescriptor<String> operatorParameter);

    /** {@return the frame number of the cook thread's clock (starts at 1)} */
    long frame();

    /** {@return seconds since the patch started, at this frame} */
    double seconds();

    /** Marks this cook failed with {@code message}; the output keeps what was written. */
    void error(String message);

    /** Marks this cook as cooked-with-warning. */
    void warning(String message);

    /** Sets an info channel of this node (read by the Info DAT and the live view), e.g. {@code info("received", n)}. */
    void info(String name, double value);

    /** Asks for one more cook on the next frame even without another reason (e.g. the inbox was drained partially). */
    void requestCookNextFrame();

    /** Changes a parameter of this node to a constant; takes effect for the next cook. */
    <T> void setPar(ParameterDescriptor<T> parameter, T value);
}
