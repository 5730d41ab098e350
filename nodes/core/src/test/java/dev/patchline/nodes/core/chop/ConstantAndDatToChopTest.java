package dev.patchline.nodes.core.chop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstantAndDatToChopTest {
    @Test
    void constant_channels_and_no_new_version_for_same_values() {
        try (OperatorTestRunner r = OperatorTestRunner.of(ConstantChop.TYPE)) {
            r.set(ConstantChop.CHANNELS, List.of(ConstantChop.channel("gain", 0.5), ConstantChop.channel("speed", 2)));
            r.cook();
            Channels c = r.outputChannels();
            assertThat(c.numChans()).isEqualTo(2);
            assertThat(c.value("gain")).isEqualTo(0.5);
            long v = c.version();
            r.set(ConstantChop.CHANNELS, List.of(ConstantChop.channel("gain", 0.5), ConstantChop.channel("speed", 3)));
            r.cook();
            assertThat(r.outputChannels().value("speed")).isEqualTo(3.0);
            assertThat(r.outputChannels().version()).isEqualTo(v + 1);
        }
    }

    @Test
    void constant_rejects_duplicate_and_bad_names() {
        try (OperatorTestRunner r = OperatorTestRunner.of(ConstantChop.TYPE)) {
            r.set(ConstantChop.CHANNELS, List.of(ConstantChop.channel("a", 1), ConstantChop.channel("a", 2)));
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).isEqualTo("parameter 'channels' item 1: channel 'a' is listed twice");
            r.set(ConstantChop.CHANNELS, List.of(ConstantChop.channel("1x", 1)));
            r.cook();
            assertThat(r.message()).startsWith("parameter 'channels' item 0: channel name '1x'");
        }
    }

    @Test
    void datto_channel_per_column_parses_only_the_delta() {
        try (OperatorTestRunner r = OperatorTestRunner.of(DatToChop.TYPE)) {
            r.input(0).setHeader("x", "y");
            for (int i = 0; i < 1000; i++) r.input(0).appendRow(Integer.toString(i), Double.toString(i * 0.5));
            r.cook();
            Channels c = r.outputChannels();
            assertThat(c.numChans()).isEqualTo(2);
            assertThat(c.name(1)).isEqualTo("y");
            assertThat(c.numSamples()).isEqualTo(1000);
            assertThat(c.value(1, 10)).isEqualTo(5.0);
            assertThat(r.info("cells_parsed")).isEqualTo(2000.0);

            r.input(0).dropHead(3);
            r.input(0).appendRow("2000", "7");
            r.cook();
            assertThat(r.info("cells_parsed")).isEqualTo(2.0);
            c = r.outputChannels();
            assertThat(c.numSamples()).isEqualTo(998);
            assertThat(c.value(0, 0)).isEqualTo(3.0);
            assertThat(c.value(1, 997)).isEqualTo(7.0);
        }
    }

    @Test
    void datto_channel_per_row_with_names_in_first_column() {
        try (OperatorTestRunner r = OperatorTestRunner.of(DatToChop.TYPE)) {
            r.input(0).setHeader("name", "a", "b");
            r.input(0).appendRow("left", "1", "2");
            r.input(0).appendRow("right", "3", "x");
            r.set(DatToChop.OUTPUT, DatToChop.Output.CHANPERROW);
            r.set(DatToChop.FIRSTCOLUMN, DatToChop.Role.NAMES);
            r.cook();
            Channels c = r.outputChannels();
            assertThat(c.name(0)).isEqualTo("left");
            assertThat(c.numSamples()).isEqualTo(2);
            assertThat(c.value(1, 0)).isEqualTo(3.0);
            assertThat(c.value(1, 1)).isEqualTo(0.0);
            assertThat(r.info("non_numeric")).isEqualTo(1.0);
            assertThat(r.state()).isEqualTo(NodeState.WARNING);
        }
    }

    @Test
    void datto_single_and_per_value() {
        try (OperatorTestRunner r = OperatorTestRunner.of(DatToChop.TYPE)) {
            r.input(0).setHeader("name", "v");
            r.input(0).appendRow("a", "1");
            r.input(0).appendRow("b", "2");
            r.set(DatToChop.OUTPUT, DatToChop.Output.SINGLE);
            r.set(DatToChop.FIRSTCOLUMN, DatToChop.Role.IGNORED);
            r.cook();
            assertThat(r.outputChannels().numSamples()).isEqualTo(2);
            assertThat(r.outputChannels().value(0, 1)).isEqualTo(2.0);
            r.set(DatToChop.OUTPUT, DatToChop.Output.CHANPERVALUE);
            r.set(DatToChop.FIRSTCOLUMN, DatToChop.Role.NAMES);
            r.cook();
            assertThat(r.outputChannels().value("b:v")).isEqualTo(2.0);
        }
    }
}
