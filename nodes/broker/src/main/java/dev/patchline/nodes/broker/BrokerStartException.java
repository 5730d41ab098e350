package dev.patchline.nodes.broker;

/** The embedded broker could not start; the message says what went wrong and how to fix it. */
final class BrokerStartException extends Exception {
    BrokerStartException(String message) {
        super(message, null, false, false);
    }
}
