package dev.patchline.runtime.param;

import java.util.Objects;

/**
 * A secret parameter value (password, token). Its text is only available through {@link #reveal()};
 * {@link #toString()} never shows it, so a secret that reaches a log line prints as {@code ****}.
 * A secret that came from the environment remembers the variable name so that saving the graph
 * writes {@code {"env": "NAME"}} back, never the value.
 */
public final class Secret {
    private static final Secret EMPTY = new Secret("", null);
    private final String value;
    private final String envName;

    private Secret(String value, String envName) {
        this.value = Objects.requireNonNull(value);
        this.envName = envName;
    }

    /** {@return the empty secret (no password)} */
    public static Secret empty() {
        return EMPTY;
    }

    /** {@return a secret given directly in code; it is never saved into a graph file} */
    public static Secret of(String value) {
        return new Secret(value, null);
    }

    /** {@return a secret resolved from environment variable {@code envName}} */
    public static Secret fromEnv(String envName, String value) {
        return new Secret(value, Objects.requireNonNull(envName));
    }

    /** {@return the secret text; do not log it} */
    public String reveal() {
        return value;
    }

    /** {@return whether the secret is empty} */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** {@return the environment variable it came from, or {@code null}} */
    public String envName() {
        return envName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value) && Objects.equals(s.envName, envName);
    }

    @Override
    public int hashCode() {
        return value.hashCode() * 31 + Objects.hashCode(envName);
    }

    @Override
    public String toString() {
        return envName == null ? "****" : "****(env " + envName + ")";
    }
}
