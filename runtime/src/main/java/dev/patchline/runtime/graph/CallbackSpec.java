package dev.patchline.runtime.graph;

import java.util.Objects;

/**
 * Where a node's callbacks come from. In a graph file: a string is a file path relative to the
 * graph file ({@code "callbacks/sensors.groovy"}); {@code {"inline": "def onConnect(dat) {...}"}}
 * is script text. A Java object can be attached with the builder but is not saved.
 */
public sealed interface CallbackSpec {

    /** {@return callbacks read from a Groovy file, relative to the graph file's folder} */
    static CallbackSpec file(String path) {
        return new File(path);
    }

    /** {@return callbacks given as script text} */
    static CallbackSpec inline(String source) {
        return new Inline(source);
    }

    /** {@return callbacks implemented by the public methods of a Java object (not saved in files)} */
    static CallbackSpec object(Object target) {
        return new JavaObject(target);
    }

    /** A Groovy file. */
    record File(String path) implements CallbackSpec {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Inline Groovy text. */
    record Inline(String source) implements CallbackSpec {
        public Inline {
            Objects.requireNonNull(source, "source");
        }
    }

    /** A Java object; compares by identity of the target. */
    record JavaObject(Object target) implements CallbackSpec {
        public JavaObject {
            Objects.requireNonNull(target, "target");
        }
    }
}
