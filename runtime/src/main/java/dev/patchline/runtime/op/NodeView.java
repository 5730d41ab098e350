package dev.patchline.runtime.op;

import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.Table;
import java.util.Map;

/**
 * A read-mostly view of a node for scripts and for operators that look at other nodes (Info DAT,
 * callbacks' {@code dat}/{@code me}). In Groovy: {@code op('sensors').table.numRows},
 * {@code op('rate').channels.value('chan1')}, {@code me.par.maxlines}, {@code op('x').par.gain = 2}.
 *
 * <p>Threading: cook thread only.
 */
public interface NodeView {

    /** {@return the node id} */
    String getId();

    /** {@return the operator type} */
    OperatorType getType();

    /** {@return the family of the output} */
    Family getFamily();

    /** {@return the output table of a DAT, or null for a CHOP} */
    Table getTable();

    /** {@return the output channels of a CHOP, or null for a DAT} */
    Channels getChannels();

    /**
     * {@return a live map of parameter name to current value} Putting a value sets that parameter to a
     * constant (converted to its type); the node cooks again with the new value.
     */
    Map<String, Object> getPar();

    /** Fires the pulse parameter {@code name}. */
    void pulse(String name);

    /** {@return the state after the last cook} */
    NodeState getState();

    /** {@return the message of the state ("" when OK)} */
    String getMessage();

    /** {@return how many times the node cooked} */
    long getCookCount();

    /** {@return the info channels the node reported (name to value), in first-reported order} */
    Map<String, Double> getInfo();

    /** {@return the number of data rows of a DAT's table (0 for a CHOP); {@code op('x').numRows} in Groovy} */
    default int getNumRows() {
        Table t = getTable();
        return t == null ? 0 : t.numRows();
    }
}
