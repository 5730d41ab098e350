package dev.patchline.nodes.tcp;

import static dev.patchline.runtime.testing.OperatorTestRunner.cookAllUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.testing.FreePorts;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A send the format refuses errors the node and leaves no buffer behind: the build's leak check (paranoid Netty
 * leak detection) fails this class if the refused message's buffer is never released.
 */
class RefusedSendTest {

    @Test
    void a_terminator_on_a_length_prefixed_format_is_refused_without_leaking_the_message_buffer() throws Exception {
        int port = FreePorts.tcp();
        String script = """
                def onReceive(dat, rowIndex, message, bytes, peer) {
                    peer.send('reply', terminator: '\\n')
                }
                """;
        try (OperatorTestRunner r = TcpipDatTest.server(port)
                .set(TcpipDat.FORMAT, TcpipDat.Format.LENGTHPREFIXED)
                .set(TcpipDat.PREFIX_BYTES, TcpipDat.PrefixBytes.ONE)
                .callbacks(CallbackSpec.inline(script))) {
            r.cook();
            try (Socket s = Cooking.connect(port, r)) {
                s.getOutputStream().write(new byte[] {4, 'p', 'i', 'n', 'g'});
                cookAllUntil(() -> r.state() == NodeState.ERROR, Duration.ofSeconds(10), "the refused send", r);
            }
            assertThat(r.message()).contains("length header");
        }
    }
}
