package dev.patchline.runtime.op;

import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.script.ScriptEngineBridge;
import org.slf4j.Logger;

/**
 * What a running operator may use outside of a single cook: its identity, parameters, a way to be
 * woken from other threads, bounded inboxes, its callbacks and the script engine.
 *
 * <p>Threading: every method is for the cook thread, except {@link #wakeup()} and the
 * {@link Inbox#offer(Object)} of inboxes created here, which any thread may call without blocking.
 */
public interface OperatorContext {

    /** {@return the node id, unique within the graph} */
    String nodeId();

    /** {@return the node's operator type} */
    OperatorType type();

    /** {@return a logger named after the node ({@code patchline.node.<id>})} */
    Logger log();

    /** {@return the current value of a parameter of this node, whatever its mode} */
    <T> T par(ParameterDescriptor<T> parameter);

    /**
     * Asks the scheduler to cook this node soon (next frame with a fixed-rate clock, right away with
     * the event clock). Safe from any thread, never blocks, allocates nothing when already pending;
     * many calls before the cook coalesce into one.
     */
    void wakeup();

    /**
     * {@return a new bounded inbox whose successful {@link Inbox#offer(Object) offer} wakes this node}
     * Create inboxes in {@link Operator#onStart}; drain them in {@link Operator#cook}.
     */
    <T> Inbox<T> newInbox(int capacity);

    /** {@return the node's callbacks, or {@link Callbacks#NONE} when the node has none} */
    Callbacks callbacks();

    /** {@return the graph's script engine, for operators that compile their own expressions (e.g. per-row filters)} */
    ScriptEngineBridge scripts();

    /**
     * {@return {@code path} resolved against the graph file's folder (the working directory when the graph
     * did not come from a file)} File parameters of operators go through this, so a graph folder can be moved as a
     * whole, and a graph cannot reach files outside its folder and the folders the user allowed.
     *
     * @throws dev.patchline.runtime.files.PathRefusedException when the path leads out of them; its message says
     *         which path, which folder and how to allow it
     */
    java.nio.file.Path resolvePath(String path);

    /** {@return a script-facing view of this node, the usual first argument of callbacks} */
    NodeView me();

    /**
     * Reports a problem found outside a cook (in a callback, in {@link Operator#onStart}): the node
     * shows {@code state} with {@code message} until its next cook reports otherwise.
     */
    void report(NodeState state, String message);
}
