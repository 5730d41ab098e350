package dev.patchline.bench.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The receiving end the bench's raw-socket endpoints share (the subscriber that gives a broker's forwarding rate,
 * the sink that acknowledges a client's publishes): reads the stream in 64 KiB chunks and walks the packets in place,
 * gathering a PUBACK for each QoS 1 PUBLISH and a PINGRESP for each PINGREQ into one write per chunk. No allocation
 * and no system call per packet; an incomplete packet at the end of a chunk moves to the front. One thread.
 */
public final class AckingReader {

    private static final int CHUNK = 1 << 16;

    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[CHUNK];
    // Every reply is at most as long as the packet it answers (4 bytes for a PUBLISH of 7 or more, 2 for 2).
    private final byte[] replies = new byte[CHUNK];
    private int filled;

    public AckingReader(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /**
     * Blocks for the next chunk, answers what it holds, and returns how many PUBLISH packets were complete in it
     * ({@code onPublish} runs once for each, as it is walked), or -1 at the end of the stream.
     */
    public int readChunk(Runnable onPublish) throws IOException {
        int read = in.read(buffer, filled, buffer.length - filled);
        if (read < 0) {
            return -1;
        }
        filled += read;
        int position = 0;
        int replyBytes = 0;
        int publishes = 0;
        while (true) {
            int header = MqttWire.headerLength(buffer, position, filled);
            if (header < 0) {
                break; // the fixed header is not complete yet
            }
            int body = position + header;
            int remaining = MqttWire.remainingLength(buffer, position);
            if (body + remaining > filled) {
                break; // the body is not complete yet
            }
            int type = buffer[position] & 0xFF;
            if ((type & 0xF0) == 0x30) {
                if ((type >> 1 & 3) == 1) { // QoS 1: the packet id follows the topic name
                    int topicLength = (buffer[body] & 0xFF) << 8 | (buffer[body + 1] & 0xFF);
                    replies[replyBytes++] = 0x40;
                    replies[replyBytes++] = 2;
                    replies[replyBytes++] = buffer[body + 2 + topicLength];
                    replies[replyBytes++] = buffer[body + 3 + topicLength];
                }
                publishes++;
                onPublish.run();
            } else if ((type & 0xF0) == 0xC0) {
                replies[replyBytes++] = (byte) 0xD0;
                replies[replyBytes++] = 0;
            }
            position = body + remaining;
        }
        if (replyBytes > 0) {
            out.write(replies, 0, replyBytes);
        }
        if (position == 0 && filled == buffer.length) {
            throw new IOException("a packet larger than the reader's " + buffer.length + "-byte buffer");
        }
        System.arraycopy(buffer, position, buffer, 0, filled - position);
        filled -= position;
        return publishes;
    }
}
