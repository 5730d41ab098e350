package dev.patchline.protocol.mqtt.client;

import dev.patchline.protocol.mqtt.codec.DecoderConfig;
import dev.patchline.protocol.mqtt.codec.MqttDecodeException;
import dev.patchline.protocol.mqtt.codec.MqttDecoder;
import dev.patchline.protocol.mqtt.codec.MqttEncoder;
import dev.patchline.protocol.mqtt.codec.packet.ConnAck;
import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.ConnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PubAck;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection MQTT 5 server on a real loopback socket for client tests that need to see exactly what the
 * client sent: it answers CONNECT with CONNACK, records PUBLISH payloads in arrival order, acknowledges QoS 1 at once
 * or holds the acknowledgements back ({@link #holdAcks}), and hands every other packet to the test.
 */
final class ScriptedServer implements AutoCloseable {

    private final ServerSocket server;
    private final Thread thread;
    private final MqttEncoder encoder = new MqttEncoder(MqttVersion.V5);
    private volatile Socket socket;
    private volatile boolean holdAcks;
    private final List<Integer> heldAcks = new ArrayList<>();
    /** Payloads of received PUBLISH packets (UTF-8), in arrival order. */
    final List<String> payloads = new CopyOnWriteArrayList<>();
    /** Packets other than CONNECT and PUBLISH. */
    final BlockingQueue<MqttPacket> others = new LinkedBlockingQueue<>();

    ScriptedServer() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "scripted-mqtt-server");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on, QoS 1 PUBLISH stay unacknowledged until {@link #releaseAcks}. */
    void holdAcks() {
        synchronized (heldAcks) {
            holdAcks = true;
        }
    }

    /** Acknowledges what was held and acknowledges at once again. */
    void releaseAcks() throws IOException {
        synchronized (heldAcks) {
            holdAcks = false;
            for (int id : heldAcks) {
                send(PubAck.of(id));
            }
            heldAcks.clear();
        }
    }

    MqttPacket nextOther() throws InterruptedException {
        MqttPacket p = others.poll(10, TimeUnit.SECONDS);
        if (p == null) {
            throw new AssertionError("the client sent nothing more within 10 s");
        }
        return p;
    }

    synchronized void send(MqttPacket packet) throws IOException {
        ByteBuf bytes = encoder.encode(packet, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
        try {
            byte[] array = new byte[bytes.readableBytes()];
            bytes.readBytes(array);
            OutputStream out = socket.getOutputStream();
            out.write(array);
            out.flush();
        } finally {
            bytes.release();
        }
    }

    private void serve() {
        MqttDecoder decoder = new MqttDecoder(DecoderConfig.server(DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE));
        ByteBuf in = Unpooled.buffer();
        byte[] chunk = new byte[64 * 1024];
        try (Socket s = server.accept()) {
            socket = s;
            InputStream input = s.getInputStream();
            int n;
            while ((n = input.read(chunk)) > 0) {
                in.writeBytes(chunk, 0, n);
                MqttPacket p;
                while ((p = decoder.decode(in)) != null) {
                    handle(p);
                }
                in.discardReadBytes();
            }
        } catch (IOException | MqttDecodeException e) {
            // the client closed, or the test ended
        } finally {
            in.release();
        }
    }

    private void handle(MqttPacket p) throws IOException {
        switch (p.type()) {
            case CONNECT -> send(new ConnAck(false, ConnectReasonCode.SUCCESS, ConnAckProperties.NONE));
            case PUBLISH -> {
                Publish publish = (Publish) p;
                payloads.add(publish.payload().toString(StandardCharsets.UTF_8));
                int id = publish.packetId();
                boolean qos1 = publish.qos() == Qos.AT_LEAST_ONCE;
                publish.release();
                if (qos1) {
                    synchronized (heldAcks) {
                        if (holdAcks) {
                            heldAcks.add(id);
                        } else {
                            send(PubAck.of(id));
                        }
                    }
                }
            }
            default -> others.add(p);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket s = socket;
        if (s != null) {
            s.close();
        }
    }
}
