package dev.patchline.protocol.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A deliberately tiny, blocking MQTT 3.1.1 client written straight onto a socket, independent of Patchline's codec
 * and engine, so that fixtures (brokers, proxies) can be tested before and apart from the real client.
 * Supports CONNECT/CONNACK, SUBSCRIBE/SUBACK, QoS 0 PUBLISH both ways and QoS 1 PUBLISH out (waiting for PUBACK).
 * Not thread-safe.
 */
public final class RawMqttClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextPacketId = 1;

    private RawMqttClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects with clean session and keep-alive 60 s; throws when the CONNACK return code is not 0. */
    public static RawMqttClient connect(String host, int port, String clientId) throws IOException {
        return connect(host, port, clientId, null, null);
    }

    /** Connects with a user name and password (either may be null to leave it out). */
    public static RawMqttClient connect(String host, int port, String clientId, String username, String password)
            throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(10_000);
        RawMqttClient client = new RawMqttClient(socket);
        try {
            client.handshake(clientId, username, password);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return client;
    }

    private void handshake(String clientId, String username, String password) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4); // protocol level 3.1.1
        int flags = 0x02; // clean session
        if (username != null) {
            flags |= 0x80;
        }
        if (password != null) {
            flags |= 0x40;
        }
        body.write(flags);
        body.write(0); // keep-alive MSB
        body.write(60); // keep-alive LSB
        writeString(body, clientId);
        if (username != null) {
            writeString(body, username);
        }
        if (password != null) {
            writeString(body, password);
        }
        send(0x10, body.toByteArray());
        int type = in.readUnsignedByte();
        int length = readRemainingLength();
        byte[] connack = in.readNBytes(length);
        if (type != 0x20 || length != 2) {
            throw new IOException("expected CONNACK, got type 0x" + Integer.toHexString(type) + " length " + length);
        }
        if (connack[1] != 0) {
            throw new IOException("CONNACK refused with return code " + connack[1]);
        }
    }

    /** Speaks MQTT over an already connected socket (for example an {@code SSLSocket}); connects like {@link #connect}. */
    public static RawMqttClient over(Socket socket, String clientId) throws IOException {
        socket.setSoTimeout(10_000);
        RawMqttClient client = new RawMqttClient(socket);
        try {
            client.handshake(clientId, null, null);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return client;
    }

    /** Subscribes and waits for the SUBACK; returns the granted QoS (0x80 = failure). */
    public int subscribe(String filter, int qos) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int id = nextPacketId++;
        body.write(id >> 8);
        body.write(id);
        writeString(body, filter);
        body.write(qos);
        send(0x82, body.toByteArray());
        while (true) {
            int type = in.readUnsignedByte();
            byte[] packet = in.readNBytes(readRemainingLength());
            if (type == 0x90) {
                return packet[2] & 0xFF;
            }
        }
    }

    /** Publishes at QoS 0, or at QoS 1 waiting for the PUBACK. */
    public void publish(String topic, byte[] payload, int qos) throws IOException {
        publish(topic, payload, qos, false);
    }

    /** Publishes a retained message at QoS 1, waiting for the PUBACK. */
    public void publishRetained(String topic, byte[] payload) throws IOException {
        publish(topic, payload, 1, true);
    }

    private void publish(String topic, byte[] payload, int qos, boolean retain) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        int id = 0;
        if (qos > 0) {
            id = nextPacketId++;
            body.write(id >> 8);
            body.write(id);
        }
        body.write(payload);
        send(0x30 | (qos << 1) | (retain ? 1 : 0), body.toByteArray());
        if (qos > 0) {
            while (true) {
                int type = in.readUnsignedByte();
                byte[] packet = in.readNBytes(readRemainingLength());
                if (type == 0x40 && ((packet[0] & 0xFF) << 8 | (packet[1] & 0xFF)) == id) {
                    return;
                }
            }
        }
    }

    /** Reads packets until a QoS 0 PUBLISH arrives; returns its payload (skips anything else). */
    public byte[] readPublishPayload() throws IOException {
        while (true) {
            int type = in.readUnsignedByte();
            byte[] packet = in.readNBytes(readRemainingLength());
            if ((type & 0xF0) == 0x30) {
                int topicLength = (packet[0] & 0xFF) << 8 | (packet[1] & 0xFF);
                int qos = (type >> 1) & 3;
                int start = 2 + topicLength + (qos > 0 ? 2 : 0);
                byte[] payload = new byte[packet.length - start];
                System.arraycopy(packet, start, payload, 0, payload.length);
                return payload;
            }
        }
    }

    /** Sends PINGREQ and waits for PINGRESP: proves the link works end to end. */
    public void ping() throws IOException {
        out.write(new byte[] {(byte) 0xC0, 0});
        out.flush();
        while (true) {
            int type = in.readUnsignedByte();
            in.readNBytes(readRemainingLength());
            if (type == 0xD0) {
                return;
            }
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void send(int header, byte[] body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream(body.length + 5);
        packet.write(header);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.write(body);
        out.write(packet.toByteArray());
        out.flush();
    }

    private int readRemainingLength() throws IOException {
        int value = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = in.readUnsignedByte();
            value += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        return value;
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length);
        out.write(bytes, 0, bytes.length);
    }
}
