package dev.patchline.nodes.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every core operator is found through ServiceLoader and is documented well enough for generated pages. */
class OperatorDiscoveryTest {
    @Test
    void first_operators_are_registered_with_touchdesigner_like_ids() {
        OperatorRegistry r = OperatorRegistry.load(getClass().getClassLoader());
        assertThat(r.find("table")).isPresent();
        assertThat(r.find("text")).isPresent();
        assertThat(r.find("null")).isPresent();
        assertThat(r.find("select")).isPresent();
        assertThat(r.find("info")).isPresent();
        assertThat(r.find("constant")).isPresent();
        assertThat(r.find("datTo")).isPresent();
    }

    @Test
    void the_whole_library_is_registered() {
        OperatorRegistry r = OperatorRegistry.load(getClass().getClassLoader());
        for (String id : List.of(
                "sort",
                "merge",
                "transpose",
                "convert",
                "evaluate",
                "json",
                "script",
                "switch",
                "fileOut",
                "datExecute",
                "execute",
                "chopTo",
                "chopExecute",
                "math",
                "lag",
                "filter",
                "limit",
                "lfo",
                "timer",
                "selectChop",
                "mergeChop",
                "infoChop")) {
            assertThat(r.find(id)).as(id).isPresent();
        }
    }

    @Test
    void every_type_has_a_label_summary_details_and_parameter_help() {
        for (OperatorType t : OperatorRegistry.load(getClass().getClassLoader()).all()) {
            assertThat(t.doc().label()).as(t.id() + " label").isNotBlank();
            assertThat(t.doc().summary()).as(t.id() + " summary").isNotBlank();
            assertThat(t.doc().details()).as(t.id() + " details").isNotBlank();
            for (ParameterDescriptor<?> p : t.parameters()) {
                assertThat(p.help()).as(t.id() + "." + p.name() + " help").isNotBlank();
            }
        }
    }
}
