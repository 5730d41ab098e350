package dev.patchline.runtime.cook;

import dev.patchline.runtime.op.Callbacks;
import java.util.HashMap;
import java.util.Map;

/**
 * A node's callbacks, marking each call in the patch's {@link CookActivity} so that the watchdog can name the
 * callback that keeps the cook thread busy. Cook thread only.
 */
final class WatchedCallbacks implements Callbacks {
    private final Callbacks inner;
    private final CookActivity activity;
    private final String nodeId;
    private final Map<String, CookActivity.Doing> doings = new HashMap<>();

    WatchedCallbacks(Callbacks inner, CookActivity activity, String nodeId) {
        this.inner = inner;
        this.activity = activity;
        this.nodeId = nodeId;
    }

    private CookActivity.Doing doing(String name) {
        CookActivity.Doing d = doings.get(name);
        if (d == null) doings.put(name, d = new CookActivity.Doing(nodeId, "callback " + name));
        return d;
    }

    @Override
    public boolean has(String name) {
        return inner.has(name);
    }

    @Override
    public boolean invoke(String name, Object... args) {
        if (!inner.has(name)) return false;
        CookActivity.Doing previous = activity.enter(doing(name));
        inner.invoke(name, args);
        activity.exit(previous); // not in a finally: an Error that ends the cook thread leaves the callback named
        return true;
    }

    @Override
    public Object call(String name, Object... args) {
        if (!inner.has(name)) return null;
        CookActivity.Doing previous = activity.enter(doing(name));
        Object result = inner.call(name, args);
        activity.exit(previous);
        return result;
    }

    @Override
    public Function function(String name) {
        Function f = inner.function(name);
        if (f == null) return null;
        CookActivity.Doing d = doing(name);
        return args -> {
            CookActivity.Doing previous = activity.enter(d);
            f.invoke(args);
            activity.exit(previous);
        };
    }

    @Override
    public String toString() {
        return inner.toString();
    }
}
