package dev.patchline.runtime.script;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** A {@link ScriptInstance} over the public methods of a Java object (callbacks written in Java). */
final class JavaObjectInstance implements ScriptInstance {
    private final Object target;
    private final Map<String, Method> methods = new HashMap<>();

    JavaObjectInstance(Object target) {
        this.target = Objects.requireNonNull(target, "target");
        for (Method m : target.getClass().getMethods()) {
            if (m.getDeclaringClass() == Object.class || Modifier.isStatic(m.getModifiers())) continue;
            Method old = methods.get(m.getName());
            if (old == null || old.getParameterCount() < m.getParameterCount()) {
                m.setAccessible(true);
                methods.put(m.getName(), m);
            }
        }
    }

    @Override
    public boolean has(String name) {
        return methods.containsKey(name);
    }

    @Override
    public Object call(String name, Object... args) {
        Method m = methods.get(name);
        if (m == null)
            throw new ScriptRuntimeException(target.getClass().getName() + " has no method " + name, -1, null);
        Object[] actual = args;
        if (m.getParameterCount() != args.length) {
            actual = new Object[m.getParameterCount()];
            System.arraycopy(args, 0, actual, 0, Math.min(actual.length, args.length));
        }
        try {
            return m.invoke(target, actual);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof VirtualMachineError vm && !(e.getCause() instanceof StackOverflowError))
                throw vm;
            throw new ScriptRuntimeException(
                    name + " failed in " + target.getClass().getSimpleName() + ": "
                            + GroovyBridge.describe(e.getCause()),
                    -1,
                    e.getCause());
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new ScriptRuntimeException(
                    name + " of " + target.getClass().getSimpleName() + " cannot be called with " + args.length
                            + " arguments: " + GroovyBridge.describe(e),
                    -1,
                    e);
        }
    }
}
