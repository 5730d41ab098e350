package dev.patchline.runtime.script;

import dev.patchline.runtime.op.Callbacks;
import dev.patchline.runtime.op.NodeState;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * {@link Callbacks} backed by a {@link ScriptInstance}: a Groovy script or, through
 * {@link #ofObject(Object, BiConsumer)}, any Java object whose public methods are the callbacks.
 * Failures are handed to the node's reporter instead of being thrown, so the cook goes on.
 * Cook thread only.
 */
public final class ScriptCallbacks implements Callbacks {
    private final ScriptInstance instance;
    private final BiConsumer<NodeState, String> reporter;

    /**
     * @param instance the script instance holding the functions
     * @param reporter receives {@code (ERROR, message)} when a callback throws
     */
    public ScriptCallbacks(ScriptInstance instance, BiConsumer<NodeState, String> reporter) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
    }

    /** {@return callbacks that call the public methods of {@code target} by name} */
    public static ScriptCallbacks ofObject(Object target, BiConsumer<NodeState, String> reporter) {
        return new ScriptCallbacks(new JavaObjectInstance(target), reporter);
    }

    @Override
    public boolean has(String name) {
        return instance.has(name);
    }

    @Override
    public boolean invoke(String name, Object... args) {
        if (!instance.has(name)) return false;
        call(name, args);
        return true;
    }

    @Override
    public Object call(String name, Object... args) {
        if (!instance.has(name)) return null;
        try {
            return instance.call(name, args);
        } catch (RuntimeException e) {
            report(name, e);
            return null;
        }
    }

    @Override
    public Function function(String name) {
        if (!instance.has(name)) return null;
        ScriptInstance.Bound bound = instance.bind(name);
        return args -> {
            try {
                bound.call(args);
            } catch (RuntimeException e) {
                report(name, e);
            }
        };
    }

    private void report(String name, RuntimeException e) {
        if (e instanceof ScriptRuntimeException) {
            reporter.accept(NodeState.ERROR, e.getMessage());
        } else {
            reporter.accept(NodeState.ERROR, "callback " + name + " failed: " + GroovyBridge.describe(e));
        }
    }
}
