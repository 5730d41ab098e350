package dev.patchline.nodes.broker;

import dev.patchline.runtime.param.ListCodec;
import dev.patchline.runtime.param.ListItem;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.Objects;

/**
 * One account of the embedded broker: a user name and the environment variable that holds its
 * password. The password itself never appears in a graph file (it would be saved and shared with it).
 *
 * @param name        MQTT user name, matched exactly
 * @param passwordEnv name of the environment variable holding the password
 */
public record BrokerUser(String name, String passwordEnv) {

    public static final ParameterDescriptor<String> NAME = ParameterDescriptor.ofString("name")
            .label("User Name")
            .help("The MQTT user name, matched exactly (case-sensitive).")
            .build();
    public static final ParameterDescriptor<String> PASSWORD_ENV = ParameterDescriptor.ofString("passwordenv")
            .label("Password Variable")
            .help("Name of the environment variable that holds this user's password, e.g. BROKER_PASSWORD.")
            .build();

    /** Maps list items of the {@code users} parameter to records and back. */
    public static final ListCodec<BrokerUser> CODEC = ListCodec.of(
            BrokerUser.class,
            item -> new BrokerUser(item.get(NAME), item.get(PASSWORD_ENV)),
            user -> ListItem.builder()
                    .set(NAME, user.name())
                    .set(PASSWORD_ENV, user.passwordEnv())
                    .build(),
            NAME,
            PASSWORD_ENV);

    public BrokerUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordEnv, "passwordEnv");
    }

    /** {@return a user whose password is read from environment variable {@code passwordEnv}} */
    public static BrokerUser of(String name, String passwordEnv) {
        return new BrokerUser(name, passwordEnv);
    }
}
