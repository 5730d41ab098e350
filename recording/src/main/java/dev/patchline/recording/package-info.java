/**
 * MQTT recordings: every received message (topic, payload, QoS, retain, MQTT 5 properties, receive time) as one line
 * of JSON in an append-only file, read back for replay. The format is described in {@code docs/guide/recording.md}:
 * a header line naming the format and its version, then one JSON object per message with the payload in base64.
 *
 * <p>Threading rule: a {@link dev.patchline.recording.RecordingWriter} and a
 * {@link dev.patchline.recording.RecordingReader} are each used by one thread at a time (the thread that hands over
 * the messages, or the one that replays them); neither takes locks. Their I/O blocks, so they never run on a Netty
 * event loop or a graph's cook thread: recorders write from the MQTT client's callback executor (a full disk then
 * slows the subscription down, MQTT flow control does the rest), replayers read on a thread of their own.
 * {@link dev.patchline.recording.RecordedMessage} is immutable and may be handed between threads.
 */
package dev.patchline.recording;
