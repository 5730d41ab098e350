package dev.patchline.runtime.script;

/** One instance of a compiled script (its own variables); confined to one thread. */
public interface ScriptInstance {

    /** {@return whether the script defines a function named {@code name}} */
    boolean has(String name);

    /**
     * Calls function {@code name}; when it declares fewer parameters than {@code args.length}, the
     * leading arguments are passed.
     *
     * @return the function's result
     * @throws ScriptRuntimeException when the function throws (message with script line) or is missing
     */
    Object call(String name, Object... args);

    /**
     * {@return function {@code name} resolved once, to be called many times} Same contract as {@link #call}.
     *
     * @throws ScriptRuntimeException when the function is missing
     */
    default Bound bind(String name) {
        if (!has(name)) throw new ScriptRuntimeException("no function " + name, -1, null);
        return args -> call(name, args);
    }

    /** A function of this instance, resolved by {@link #bind(String)}. */
    @FunctionalInterface
    interface Bound {
        Object call(Object... args);
    }
}
