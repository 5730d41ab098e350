package dev.patchline.nodes.osc;

/** Bytes that are not a valid OSC packet; the message says what is wrong and at which byte offset. */
public class OscFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OscFormatException(String message) {
        super(message);
    }
}
