package dev.patchline.recording;

/**
 * The first line of a recording.
 *
 * @param version the format version it was written in
 * @param created when the recording was started (ISO-8601, UTC), or "" when the header does not say
 */
public record RecordingHeader(int version, String created) {}
