package dev.patchline.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.graph.Graph;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MqttToOscSampleTest {

    @Test
    void json_and_java_build_equal_graphs() {
        assertThat(MqttToOscSample.graph()).isEqualTo(SampleTesting.load("mqtt-to-osc/graph.json"));
    }

    @Test
    void temperatures_published_over_mqtt_arrive_as_osc_messages() throws Exception {
        try (TestBroker broker = TestBroker.start();
                DatagramSocket udp = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            udp.setSoTimeout(500);
            Graph g = SampleTesting.load("mqtt-to-osc/graph.json");
            g = SampleTesting.withParam(g, "sensors", "netaddress", broker.tcpUrl());
            g = SampleTesting.withParam(g, "osc", "port", udp.getLocalPort());
            try (Patch patch = SampleTesting.start(g, SampleTesting.SAMPLES.resolve("mqtt-to-osc"))) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                patch.query(v -> v.node("sensors").getInfo().getOrDefault("connected", 0.0))
                                                .join()
                                        == 1.0);
                Mqtt5BlockingClient pub = Mqtt5Client.builder()
                        .identifier("thermometer")
                        .serverHost("127.0.0.1")
                        .serverPort(broker.port())
                        .buildBlocking();
                pub.connect();
                try {
                    byte[] buffer = new byte[1500];
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    boolean received = false;
                    // The subscription follows the connection; publish until the first OSC packet arrives.
                    for (int attempt = 0; attempt < 40 && !received; attempt++) {
                        pub.publishWith()
                                .topic("sensors/kitchen/temperature")
                                .qos(MqttQos.AT_LEAST_ONCE)
                                .payload("{\"room\":\"kitchen\",\"value\":21.5}".getBytes(StandardCharsets.UTF_8))
                                .send();
                        try {
                            udp.receive(packet);
                            received = true;
                        } catch (SocketTimeoutException e) {
                            // not subscribed yet
                        }
                    }
                    assertThat(received).as("an OSC packet arrived").isTrue();
                    ByteBuffer osc = ByteBuffer.wrap(packet.getData(), 0, packet.getLength());
                    assertThat(oscString(osc)).isEqualTo("/sensors/kitchen/temperature");
                    assertThat(oscString(osc)).isEqualTo(",f");
                    assertThat(osc.getFloat()).isEqualTo(21.5f);
                    assertThat(osc.hasRemaining()).isFalse();
                } finally {
                    pub.disconnect();
                }
            }
        }
    }

    /** Reads an OSC string: ASCII up to a NUL, padded to a multiple of four bytes. */
    private static String oscString(ByteBuffer b) {
        int start = b.position();
        int end = start;
        while (b.get(end) != 0) end++;
        String s = new String(b.array(), b.arrayOffset() + start, end - start, StandardCharsets.US_ASCII);
        b.position(start + ((end - start) / 4 + 1) * 4);
        return s;
    }
}
