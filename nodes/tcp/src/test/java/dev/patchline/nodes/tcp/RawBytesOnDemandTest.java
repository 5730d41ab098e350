package dev.patchline.nodes.tcp;

import static dev.patchline.runtime.testing.OperatorTestRunner.cookAllUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.testing.FreePorts;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Raw bytes are copied per message only while something reads them; whoever reads them always gets them, also
 * right after turning the {@code bytes} column on.
 */
@Timeout(60)
class RawBytesOnDemandTest {

    @Test
    void on_receive_gets_the_bytes_even_without_the_bytes_column() throws Exception {
        int port = FreePorts.tcp();
        RecordingCallbacks callbacks = new RecordingCallbacks();
        callbacks.replyPrefix = null;
        try (OperatorTestRunner r = TcpipDatTest.server(port).callbacks(CallbackSpec.object(callbacks))) {
            r.cook();
            try (Socket s = Cooking.connect(port, r)) {
                s.getOutputStream().write("grüße\n".getBytes(StandardCharsets.UTF_8));
                cookAllUntil(() -> r.output().numRows() == 1, Duration.ofSeconds(10), "a row", r);
            }
            assertThat(r.output().numCols()).isEqualTo(2); // message, peer: no bytes column
            assertThat(callbacks.events).contains("row 0 grüße 7 cook-thread"); // 7 UTF-8 bytes
        }
    }

    @Test
    void turning_the_bytes_column_on_mid_stream_fills_it_for_every_later_row() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner r = TcpipDatTest.server(port)) {
            r.cook();
            try (Socket s = Cooking.connect(port, r)) {
                OutputStream out = s.getOutputStream();
                out.write("before\n".getBytes(StandardCharsets.US_ASCII));
                cookAllUntil(() -> r.output().numRows() == 1, Duration.ofSeconds(10), "the first row", r);
                // Lines framed while the column was off may already wait in the inbox; they get it too.
                out.write("in flight\n".getBytes(StandardCharsets.US_ASCII));
                r.set(TcpipDat.BYTES, true);
                out.write("after\n".getBytes(StandardCharsets.US_ASCII));
                cookAllUntil(() -> r.output().numRows() == 3, Duration.ofSeconds(10), "three rows", r);
            }
            assertThat(r.output().cell(0, "message")).isEqualTo("before");
            assertThat(r.output().cell(1, "bytes")).isEqualTo("69 6e 20 66 6c 69 67 68 74");
            assertThat(r.output().bytes(1, 2)).isEqualTo("in flight".getBytes(StandardCharsets.US_ASCII));
            assertThat(r.output().bytes(2, 2)).isEqualTo("after".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
