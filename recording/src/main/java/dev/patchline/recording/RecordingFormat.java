package dev.patchline.recording;

/**
 * The names of the recording format, shared by its writer and reader. The first line of a recording is
 * <pre>{"format":"patchline-mqtt-recording","version":1,"time_unit":"us","created":"2026-12-07T22:54:17Z"}</pre>
 * and every further line is one message:
 * <pre>{"t":1796684057123456,"topic":"a/b","qos":1,"retain":false,"payload":"aGVsbG8=","props":{...}}</pre>
 * with {@code "dup":true} only when set and {@code "props"} only when the message had MQTT 5 properties.
 * A reader ignores members it does not know, so later versions may add some; a change that older readers would
 * misread raises {@link #VERSION}.
 */
public final class RecordingFormat {

    /** The value of the header's {@code format} member. */
    public static final String NAME = "patchline-mqtt-recording";
    /** The version this code writes and the newest it reads. */
    public static final int VERSION = 1;
    /** The usual file name extension: a recording is a JSON Lines file. */
    public static final String EXTENSION = ".jsonl";

    static final String TIME = "t";
    static final String TOPIC = "topic";
    static final String QOS = "qos";
    static final String RETAIN = "retain";
    static final String DUP = "dup";
    static final String PAYLOAD = "payload";
    static final String PROPS = "props";

    static final String PAYLOAD_FORMAT = "payload_format";
    static final String MESSAGE_EXPIRY = "message_expiry";
    static final String CONTENT_TYPE = "content_type";
    static final String RESPONSE_TOPIC = "response_topic";
    static final String CORRELATION_DATA = "correlation_data";
    static final String USER = "user";
    static final String SUBSCRIPTION_IDS = "subscription_ids";

    /**
     * The longest line a reader accepts: a message of the protocol's largest packet (268,435,455 bytes) in base64,
     * plus room for its topic and properties. A longer line is damage, not a reason to run out of memory.
     */
    static final int MAX_LINE_BYTES = 358_000_000 + (1 << 20);

    private RecordingFormat() {}
}
