package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connection settings of the MQTT Client DAT print without the password. */
class SecretsNeverPrintedTest {
    private static final String PASSWORD = "hunter2-secret";

    @Test
    void link_config_names_the_broker_and_user_but_not_the_password() throws Exception {
        LinkConfig config = record(
                LinkConfig.class, Map.of("url", "tcp://127.0.0.1:1883", "username", "stage", "password", PASSWORD));
        assertThat(config.password()).isEqualTo(PASSWORD);
        assertThat(config.toString())
                .contains("tcp://127.0.0.1:1883", "stage", "password ****")
                .doesNotContain(PASSWORD)
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(PASSWORD.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@return a record of {@code type} with the given components and neutral values for the rest} Built from the
     * record's components, so the test keeps compiling and checking when the record gains components.
     */
    private static <R extends Record> R record(Class<R> type, Map<String, Object> values) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = values.containsKey(components[i].getName())
                    ? values.get(components[i].getName())
                    : neutral(types[i]);
        }
        Constructor<R> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(args);
    }

    private static Object neutral(Class<?> type) {
        if (type == boolean.class) return false;
        if (type == int.class) return 0;
        if (type == long.class) return 0L;
        if (type == double.class) return 0.0;
        if (type == String.class) return "";
        if (type == List.class) return List.of();
        if (type == Map.class) return Map.of();
        return null;
    }
}
