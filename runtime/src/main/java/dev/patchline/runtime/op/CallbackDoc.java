package dev.patchline.runtime.op;

import java.util.List;
import java.util.Objects;

/**
 * Documents one callback an operator may invoke, e.g. {@code onMessage(dat, topic, payload, qos, retained, dup)}.
 *
 * @param name        the function name looked up in the callbacks script
 * @param args        argument names in call order
 * @param description when it is called and what the arguments mean
 */
public record CallbackDoc(String name, List<String> args, String description) {
    public CallbackDoc {
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
        Objects.requireNonNull(description, "description");
    }

    /** {@return the signature as written in a script, e.g. {@code onConnect(dat)}} */
    public String signature() {
        return name + "(" + String.join(", ", args) + ")";
    }
}
