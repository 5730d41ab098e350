package dev.patchline.recording;

import java.io.IOException;

/** A file that is not a recording this version can read: its message says which file, what is wrong and what to do. */
public final class RecordingException extends IOException {
    private static final long serialVersionUID = 1L;

    public RecordingException(String message) {
        super(message);
    }
}
