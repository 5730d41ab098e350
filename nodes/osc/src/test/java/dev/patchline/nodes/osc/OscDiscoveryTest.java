package dev.patchline.nodes.osc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;
import org.junit.jupiter.api.Test;

class OscDiscoveryTest {
    @Test
    void osc_operators_are_registered_and_documented() {
        OperatorRegistry r = OperatorRegistry.load(getClass().getClassLoader());
        for (String id : new String[] {"oscIn", "oscOut"}) {
            OperatorType t = r.find(id).orElseThrow();
            assertThat(t.doc().label()).isNotBlank();
            assertThat(t.doc().details()).isNotBlank();
            for (ParameterDescriptor<?> p : t.parameters())
                assertThat(p.help()).as(id + "." + p.name()).isNotBlank();
        }
    }
}
