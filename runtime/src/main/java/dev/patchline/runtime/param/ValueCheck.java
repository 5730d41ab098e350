package dev.patchline.runtime.param;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * An operator's own check of a parameter value, beyond type, range and menu: a URL that must parse, a topic filter, a
 * file that must exist. Attached with {@link ParameterDescriptor.Builder#validator(ValueCheck)}; run on constant values
 * when a graph is loaded or validated ({@code patchline validate}), on every edit of a running patch and when a
 * parameter is set live (a refused value leaves the old one in place). Values computed by expressions or binds are not
 * seen here: the operator still checks what it reads at cook time. Must be thread-safe and quick (no network).
 *
 * @param <T> the parameter's value type
 */
@FunctionalInterface
public interface ValueCheck<T> {

    /**
     * @param value   a value of the right type, within range
     * @param baseDir folder of the graph file, against which relative paths resolve (null: the working directory)
     * @return null when the value is fine, else what is wrong and how to fix it, without the parameter's name (the
     *         caller puts {@code parameter 'name': } in front)
     */
    String problem(T value, Path baseDir);

    /** {@return a check that ignores the base folder} */
    static <T> ValueCheck<T> of(Function<? super T, String> check) {
        return (value, baseDir) -> check.apply(value);
    }
}
