package dev.patchline.protocol.mqtt.topic;

/**
 * A topic name or topic filter that breaks a rule of the MQTT specification.
 *
 * <p>The message says what is wrong, where (character index) and how to fix it; {@link #statement()} names the
 * normative statement (for example {@code MQTT-4.7.1-1}) so that a protocol layer can map it to a reason code.
 */
public final class InvalidTopicException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String statement;
    private final int index;

    InvalidTopicException(String statement, int index, String message) {
        super(message + " [" + statement + "]");
        this.statement = statement;
        this.index = index;
    }

    /** The normative statement id that the topic breaks, e.g. {@code MQTT-4.7.3-2}. */
    public String statement() {
        return statement;
    }

    /** The char index in the topic string where the problem was found, or -1 when it concerns the whole topic. */
    public int index() {
        return index;
    }
}
