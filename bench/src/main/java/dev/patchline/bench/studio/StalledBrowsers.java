package dev.patchline.bench.studio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Browsers that stopped reading: raw sockets with a small receive buffer that upgrade to the studio's WebSocket, send
 * {@code hello} and a {@code watch} of one node, then never read again, so the server's writes pile up against them.
 */
final class StalledBrowsers implements AutoCloseable {

    private final List<Socket> sockets = new ArrayList<>();

    StalledBrowsers(int count, int port, String token, String watchedNode) throws IOException {
        for (int i = 0; i < count; i++) {
            Socket s = new Socket();
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(5_000);
            sockets.add(s);
            OutputStream out = s.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Sec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = readHead(s.getInputStream());
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new IllegalStateException("the studio refused a WebSocket upgrade: " + status);
            }
            out.write(textFrame("{\"type\":\"hello\",\"proto\":1,\"token\":\"" + token + "\"}"));
            out.write(textFrame("{\"type\":\"watch\",\"id\":\"" + watchedNode + "\",\"rows\":200}"));
            out.flush();
        }
    }

    /** Reads the HTTP response head (up to the blank line) and returns its status line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("the studio closed the connection during the upgrade: " + head);
            head.append((char) b);
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** A masked client text frame (RFC 6455 section 5.3: every client frame is masked). */
    private static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 8);
        f.write(0x81);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
        return f.toByteArray();
    }

    @Override
    public void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }
}
