package dev.patchline.nodes.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks CONNECT credentials against the node's user list. Immutable after construction, so HiveMQ may
 * call it from any of its threads. Passwords are compared in constant time so that response timing
 * does not reveal how many leading bytes were right.
 */
final class PasswordAuthenticator implements SimpleAuthenticator {

    private final boolean anonymous;
    private final Map<String, byte[]> passwords;

    /**
     * @param anonymous whether a CONNECT without user name is accepted
     * @param passwords user name to password (plain text, held only in memory)
     */
    PasswordAuthenticator(boolean anonymous, Map<String, String> passwords) {
        this.anonymous = anonymous;
        Map<String, byte[]> copy = new HashMap<>();
        passwords.forEach((user, password) -> copy.put(user, password.getBytes(StandardCharsets.UTF_8)));
        this.passwords = Map.copyOf(copy);
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        Optional<String> user = connect.getUserName();
        if (user.isEmpty()) {
            if (anonymous) {
                output.authenticateSuccessfully();
            } else {
                output.failAuthentication(
                        ConnackReasonCode.NOT_AUTHORIZED,
                        "this broker does not accept anonymous clients; connect with a user name and password");
            }
            return;
        }
        if (accepts(user.get(), connect.getPassword().orElse(null))) {
            output.authenticateSuccessfully();
        } else {
            // Same answer for an unknown user and a wrong password: do not reveal which names exist.
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
        }
    }

    /** {@return whether {@code password} is the password of {@code user}} */
    boolean accepts(String user, ByteBuffer password) {
        byte[] expected = passwords.get(user);
        if (expected == null || password == null) {
            return false;
        }
        ByteBuffer view = password.asReadOnlyBuffer();
        byte[] given = new byte[view.remaining()];
        view.get(given);
        return MessageDigest.isEqual(expected, given);
    }
}
