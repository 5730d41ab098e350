package dev.patchline.runtime.op;

/**
 * The callback functions attached to a node: a Groovy script (inline or a file) or a Java object.
 * Operators call them during their cook, on the cook thread, with TouchDesigner's names and
 * arguments, e.g. {@code callbacks.invoke("onMessage", dat, topic, payload, qos, retained, dup)}.
 *
 * <p>A callback that throws does not throw out of {@link #invoke}: the error (with script line) is
 * reported on the node and the cook goes on. A callback declared with fewer parameters than passed
 * gets the leading arguments (so both {@code onPublish(dat)} and {@code onPublish(dat, topic)} work).
 */
public interface Callbacks {

    /** Callbacks of a node that has none: {@code has} is false and {@code invoke} does nothing. */
    Callbacks NONE = new Callbacks() {
        @Override
        public boolean has(String name) {
            return false;
        }

        @Override
        public boolean invoke(String name, Object... args) {
            return false;
        }

        @Override
        public Object call(String name, Object... args) {
            return null;
        }

        @Override
        public String toString() {
            return "Callbacks.NONE";
        }
    };

    /** {@return whether a function named {@code name} is defined} */
    boolean has(String name);

    /**
     * Calls function {@code name} if defined.
     *
     * @return whether it was defined (true even when it threw; the error is on the node)
     */
    boolean invoke(String name, Object... args);

    /** Calls function {@code name} if defined and returns its result; null when undefined or when it threw. */
    Object call(String name, Object... args);

    /**
     * Looks function {@code name} up once, for an operator that calls it many times in a cook (once per received
     * message, say): the returned function skips the lookup by name on each call. Valid for the current cook only
     * (callbacks may be replaced between cooks). Errors are handled as by {@link #invoke}.
     *
     * @return the function, or null when it is not defined
     */
    default Function function(String name) {
        return has(name) ? args -> invoke(name, args) : null;
    }

    /** One callback function, looked up by {@link #function(String)}. */
    @FunctionalInterface
    interface Function {
        /** Calls the function with {@code args} (leading arguments only, when it declares fewer). */
        void invoke(Object... args);
    }
}
