package dev.patchline.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external programs some tests talk to (mosquitto, nc, socat, oscsend, ...). A missing program skips the
 * calling test, unless a switch says it is required: {@value #REQUIRE_TOOLS} (every tool) or the tool's own switch
 * (e.g. {@code REQUIRE_MOSQUITTO}); then the test fails, so that CI cannot go green by skipping.
 */
public final class ExternalTools {
    /** Environment variable that makes every external tool required. */
    public static final String REQUIRE_TOOLS = "REQUIRE_TOOLS";

    private static final List<String> USUAL_DIRECTORIES = List.of("/usr/bin", "/usr/sbin", "/usr/local/bin");

    private ExternalTools() {}

    /**
     * {@return the executable {@code name}, looked up in /usr/bin, /usr/sbin, /usr/local/bin and the PATH}
     * Skips the calling test when it is absent, fails it when {@value #REQUIRE_TOOLS} is set.
     *
     * @param install how to install it, e.g. {@code "apt-get install socat"}
     */
    public static Path presentOrRequired(String name, String install) {
        return presentOrRequired(name, install, null, null, System::getenv);
    }

    /**
     * Like {@link #presentOrRequired(String, String)}, with a tool-specific switch and an environment variable that
     * may name the executable.
     *
     * @param overrideVariable environment variable holding the executable's path (checked first), or null
     * @param requireSwitch environment variable that makes this tool required besides {@value #REQUIRE_TOOLS}, or null
     */
    public static Path presentOrRequired(String name, String install, String overrideVariable, String requireSwitch) {
        return presentOrRequired(name, install, overrideVariable, requireSwitch, System::getenv);
    }

    static Path presentOrRequired(
            String name, String install, String overrideVariable, String requireSwitch, UnaryOperator<String> env) {
        Path found = locate(name, overrideVariable, env);
        if (found != null) {
            return found;
        }
        String where = (overrideVariable != null ? "$" + overrideVariable + ", " : "")
                + String.join(", ", USUAL_DIRECTORIES) + " and the PATH";
        String requiredBy = env.apply(REQUIRE_TOOLS) != null
                ? REQUIRE_TOOLS
                : requireSwitch != null && env.apply(requireSwitch) != null ? requireSwitch : null;
        if (requiredBy != null) {
            throw new IllegalStateException(name + " is required (" + requiredBy + " is set) but was found neither in "
                    + where + "; install it: " + install);
        }
        Assumptions.assumeTrue(
                false,
                name + " not installed (looked in " + where + "); " + install + ", or set "
                        + (requireSwitch != null ? requireSwitch + " or " : "") + REQUIRE_TOOLS
                        + "=1 to fail instead of skipping");
        throw new AssertionError("unreachable");
    }

    /** {@return the executable: $overrideVariable, then the usual directories, then the PATH; null when absent} */
    static Path locate(String name, String overrideVariable, UnaryOperator<String> env) {
        String fromVariable = overrideVariable == null ? null : env.apply(overrideVariable);
        if (fromVariable != null && Files.isExecutable(Path.of(fromVariable))) {
            return Path.of(fromVariable);
        }
        for (String directory : USUAL_DIRECTORIES) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String path = env.apply("PATH");
        if (path != null) {
            for (String directory : path.split(File.pathSeparator)) {
                if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, name))) {
                    return Path.of(directory, name);
                }
            }
        }
        return null;
    }
}
