package dev.patchline.runtime.cook;

import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.param.ParamValue;
import java.util.List;

/**
 * Live edits of a running patch, applied together on the cook thread between frames by
 * {@link Patch#edit}. Each method validates what it can (unknown ids, types, parameter values,
 * families, cycles) and throws {@link dev.patchline.runtime.graph.GraphException} or
 * {@link IllegalArgumentException}; the edits made before the failing one stay applied.
 */
public interface PatchEditor {

    /** Adds and starts a node. */
    void addNode(NodeSpec node);

    /** Stops ({@code onStop(true)}) and removes a node; wires from it into other nodes are removed too. */
    void removeNode(String id);

    /** Rewires node {@code id}'s inputs. */
    void setInputs(String id, List<String> upstream);

    /** Sets a parameter of node {@code id} in any mode. */
    void setParam(String id, String name, ParamValue value);

    /** Removes a parameter setting (back to the default). */
    void resetParam(String id, String name);

    /** Fires a pulse parameter. */
    void pulse(String id, String name);

    /** Replaces the node's callbacks (null for none). */
    void setCallbacks(String id, CallbackSpec callbacks);

    /**
     * Moves node {@code id} in the editor ({@code x}/{@code y} of the graph file; null for no position). Only the
     * model changes: the running node is not touched.
     */
    void move(String id, Double x, Double y);

    /** Sets node {@code id}'s comment (null for none). Only the model changes: the running node is not touched. */
    void comment(String id, String text);

    /** Sets the graph's own comment (null for none). */
    void graphComment(String text);

    /** Makes a node a root of the pull (like opening a viewer on it). */
    void watch(String id);

    /** Undoes {@link #watch(String)}. */
    void unwatch(String id);
}
