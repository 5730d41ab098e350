package dev.patchline.nodes.mqtt;

import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.OperatorContext;

/**
 * What the MQTT Client DAT shows as its state after a cook: a connection problem, shown on every cook until it clears,
 * else the problem of a request made during this cook (a refused publish, a failed subscribe). A request refused
 * outside the node's cook (from another node's callback) is shown at once. Cook thread only.
 */
final class ClientStatus {
    private final OperatorContext context;
    private String connection;
    private boolean connectionIsError;
    private String request;
    private boolean cooking;

    ClientStatus(OperatorContext context) {
        this.context = context;
    }

    void cookStarts() {
        cooking = true;
        request = null;
    }

    void cookEnds() {
        cooking = false;
    }

    /** A connection problem: an error when only a parameter change can fix it, else a warning. */
    void connection(String problem, boolean isError) {
        connection = problem;
        connectionIsError = isError;
    }

    void connectionOk() {
        connection = null;
    }

    /** A problem of a request made during this cook; the last one is shown. */
    void request(String problem) {
        request = problem;
    }

    boolean hasRequestProblem() {
        return request != null;
    }

    /** Records a refused request; {@return false, what the refused call returns to the script} */
    boolean refuse(String problem) {
        request = problem;
        if (!cooking) context.report(NodeState.WARNING, problem);
        return false;
    }

    /** Shows the connection problem, else the request problem, on the node. */
    void show(CookContext ctx) {
        if (connection != null) {
            if (connectionIsError) ctx.error(connection);
            else ctx.warning(connection);
        } else if (request != null) {
            ctx.warning(request);
        }
    }
}
