package dev.patchline.nodes.osc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.BindProbe;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** OSC In listens on this machine only unless told otherwise: a graph someone sent you opens no port to the network. */
class OscInDefaultBindTest {

    @Test
    void listens_on_loopback_only_by_default() throws Exception {
        assertThat(OscInDat.LOCALADDRESS.defaultValue()).isEqualTo("127.0.0.1");
        try (OperatorTestRunner in = OperatorTestRunner.of(OscInDat.TYPE)) {
            in.set(OscInDat.PORT, 0);
            in.cook();
            assertThat(in.state()).isEqualTo(NodeState.OK);
            int port = (int) in.info("port");
            assertThat(BindProbe.udpListensOnAllInterfaces(port))
                    .as("bound to every interface")
                    .isFalse();
            // And it does hear this machine.
            try (DatagramSocket sender = new DatagramSocket()) {
                byte[] packet = {'/', 'h', 'i', 0, ',', 0, 0, 0};
                sender.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), port));
            }
            in.cookUntil(() -> in.output().numRows() == 1, Duration.ofSeconds(10), "the packet from loopback");
            assertThat(in.output().cell(0, "address")).isEqualTo("/hi");
        }
    }

    @Test
    void zero_zero_zero_zero_listens_on_every_interface() throws Exception {
        try (OperatorTestRunner in = OperatorTestRunner.of(OscInDat.TYPE)) {
            in.set(OscInDat.PORT, 0);
            in.set(OscInDat.LOCALADDRESS, "0.0.0.0");
            in.cook();
            assertThat(in.state()).isEqualTo(NodeState.OK);
            assertThat(BindProbe.udpListensOnAllInterfaces((int) in.info("port")))
                    .isTrue();
        }
    }
}
