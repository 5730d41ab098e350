package dev.patchline.runtime.op;

/**
 * One running instance of an operator type inside a patch: a node's behaviour. Created by
 * {@link OperatorType#create()} when the node is added, then driven by the runtime on the cook
 * thread only: {@link #onStart} once, {@link #cook} each time the node has a reason to cook,
 * {@link #onStop} once. An operator never needs locks unless it shares state with its own I/O
 * threads, and then only through an {@link Inbox} and {@link OperatorContext#wakeup()}.
 *
 * <p>Exceptions thrown from any method put the node into the error state with the exception's
 * message; the rest of the graph keeps cooking.
 */
public interface Operator {

    /**
     * Called once before the first cook, on the cook thread. Open sockets, create inboxes and read
     * parameters here. The context stays valid until {@link #onStop(boolean)} returns.
     */
    default void onStart(OperatorContext ctx) throws Exception {}

    /**
     * Produces this node's output from its inputs, parameters and inbox. Called on the cook thread
     * only when the node has a reason to cook (see {@link CookContext} for the reasons).
     */
    void cook(CookContext ctx) throws Exception;

    /**
     * Called once when the node stops: close sockets and threads here. Must not block for long.
     *
     * @param removed true when the node was deleted from a running patch; false when the whole patch stops
     */
    default void onStop(boolean removed) throws Exception {}
}
