package dev.patchline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every {@code public static final ParameterDescriptor} of an operator class is one of its type's parameters
 * (or a field of one of its list parameters): a descriptor left out of {@code parameters(...)} would compile,
 * show up nowhere and reject every graph that sets it.
 */
class OperatorParametersTest {

    @Test
    void every_declared_parameter_descriptor_is_in_its_type() throws Exception {
        OperatorRegistry registry = OperatorRegistry.load();
        assertThat(registry.all()).as("operator types on the CLI class path").hasSizeGreaterThan(30);
        List<String> missing = new ArrayList<>();
        for (OperatorType type : registry.all()) {
            Set<ParameterDescriptor<?>> known = Collections.newSetFromMap(new IdentityHashMap<>());
            for (ParameterDescriptor<?> p : type.parameters()) {
                known.add(p);
                if (p.listCodec() != null) known.addAll(p.listCodec().fields());
            }
            Class<?> operatorClass = topLevel(type.create().getClass());
            for (Field f : operatorClass.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isPublic(m) || !Modifier.isStatic(m) || !Modifier.isFinal(m)) continue;
                if (!ParameterDescriptor.class.isAssignableFrom(f.getType())) continue;
                ParameterDescriptor<?> d = (ParameterDescriptor<?>) f.get(null);
                if (!known.contains(d)) {
                    missing.add(operatorClass.getSimpleName() + "." + f.getName() + " ('" + d.name()
                            + "') is not a parameter of '" + type.id() + "'");
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    private static Class<?> topLevel(Class<?> c) {
        while (c.getEnclosingClass() != null) c = c.getEnclosingClass();
        return c;
    }
}
