package dev.patchline.nodes.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void parses_quotes_embedded_delimiters_and_line_breaks() {
        List<String[]> rows = Csv.parse("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",x,\n", ',');
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly("a", "b,c", "say \"hi\"");
        assertThat(rows.get(1)).containsExactly("multi\nline", "x", "");
    }

    @Test
    void round_trips_through_append_line() {
        StringBuilder b = new StringBuilder();
        Csv.appendLine(b, new String[] {"plain", "with,comma", "with \"quote\"", "two\nlines"}, ',');
        assertThat(Csv.parse(b.toString(), ',').get(0))
                .containsExactly("plain", "with,comma", "with \"quote\"", "two\nlines");
    }

    @Test
    void unterminated_quote_names_the_line() {
        assertThatThrownBy(() -> Csv.parse("a,b\nc,\"open\n", ','))
                .hasMessage("quoted field opened on line 2 is never closed");
    }
}
