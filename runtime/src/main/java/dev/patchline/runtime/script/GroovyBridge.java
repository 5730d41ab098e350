package dev.patchline.runtime.script;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.Script;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Groovy implementation of {@link ScriptEngineBridge}: sources are compiled once into classes
 * that extend {@link PatchlineScript} and cached by (kind, source text). Thread-safe.
 */
public final class GroovyBridge implements ScriptEngineBridge {
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private final GroovyClassLoader loader;
    private final Map<String, Class<? extends Script>> cache = new ConcurrentHashMap<>();

    /** Creates a bridge whose scripts see the classes of {@code parent}. */
    public GroovyBridge(ClassLoader parent) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(PatchlineScript.class.getName());
        this.loader = new GroovyClassLoader(parent, config);
    }

    /** Creates a bridge on this library's class loader. */
    public GroovyBridge() {
        this(GroovyBridge.class.getClassLoader());
    }

    /** {@return how many distinct sources were compiled (for tests of the cache)} */
    int compiledCount() {
        return cache.size();
    }

    @Override public String language() {
        return "groovy";
    }

    @Override public CompiledExpression compileExpression(String source, String origin) {
        Class<? extends Script> type = compile(source, origin);
        return new Expression(source, type, origin);
    }

    @Override public CompiledScript compileScript(String source, String origin) {
        Class<? extends Script> type = compile(source, origin);
        return new Functions(type, origin);
    }

    @SuppressWarnings("unchecked")
    private Class<? extends Script> compile(String source, String origin) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
        // Cache by text only: the same expression in two nodes compiles once. The origin of a cached
        // class may then name the first node in stack traces, so messages take the origin from callers.
        Class<? extends Script> cached = cache.get(source);
        if (cached != null) return cached;
        try {
            String name = "pl" + SERIAL.incrementAndGet() + ".groovy";
            Class<?> c;
            synchronized (loader) {
                c = loader.parseClass(new GroovyCodeSource(source, name, "/groovy/patchline"), false);
            }
            Class<? extends Script> type = (Class<? extends Script>) c;
            Class<? extends Script> raced = cache.putIfAbsent(source, type);
            return raced != null ? raced : type;
        } catch (MultipleCompilationErrorsException e) {
            for (Object m : e.getErrorCollector().getErrors()) {
                if (m instanceof SyntaxErrorMessage sem) {
                    SyntaxException se = sem.getCause();
                    throw new ScriptCompileException(origin, se.getLine(), se.getStartColumn(), se.getOriginalMessage());
                }
                if (m instanceof Message msg) {
                    throw new ScriptCompileException(origin, 1, 1, firstLine(String.valueOf(msg)));
                }
            }
            throw new ScriptCompileException(origin, 1, 1, firstLine(e.getMessage()));
        } catch (CompilationFailedException e) {
            throw new ScriptCompileException(origin, 1, 1, firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "compilation failed";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static Script newInstance(Class<? extends Script> type, Map<String, Object> variables) {
        try {
            Constructor<? extends Script> ctor = type.getDeclaredConstructor();
            Script s = ctor.newInstance();
            s.setBinding(new Binding(variables));
            return s;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate compiled script " + type.getName(), e);
        }
    }

    /** {@return the 1-based line of the innermost stack frame inside the script class, or -1} */
    static int scriptLine(Throwable t, Class<?> scriptClass) {
        String file = scriptClass.getName() + ".groovy";
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (StackTraceElement el : c.getStackTrace()) {
                if (file.equals(el.getFileName()) || scriptClass.getName().equals(el.getClassName())) {
                    if (el.getLineNumber() > 0) return el.getLineNumber();
                }
            }
        }
        return -1;
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : firstLine(m);
    }

    private record Expression(String source, Class<? extends Script> type, String origin) implements CompiledExpression {
        @Override public BoundExpression bind(Map<String, Object> variables) {
            Script script = newInstance(type, variables);
            return () -> {
                try {
                    return script.run();
                } catch (RuntimeException e) {
                    int line = scriptLine(e, type);
                    throw new ScriptRuntimeException("expression " + origin + " failed"
                            + (line > 0 ? " at line " + line : "") + ": " + describe(e), line, e);
                }
            };
        }
    }

    private record Functions(Class<? extends Script> type, String origin) implements CompiledScript {
        @Override public ScriptInstance instantiate(Map<String, Object> variables) {
            Script script = newInstance(type, variables);
            try {
                script.run(); // top-level statements (imports, shared variables) run once
            } catch (RuntimeException e) {
                int line = scriptLine(e, type);
                throw new ScriptRuntimeException(origin + " failed while loading" + (line > 0 ? " at line " + line : "")
                        + ": " + describe(e), line, e);
            }
            return new Instance(script, type, origin, functions(type));
        }

        private static Map<String, Method> functions(Class<?> type) {
            Map<String, Method> m = new HashMap<>();
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
                        && !method.isSynthetic() && !method.getName().equals("run")) {
                    Method old = m.get(method.getName());
                    // Groovy adds overloads for default arguments; keep the widest one.
                    if (old == null || old.getParameterCount() < method.getParameterCount()) m.put(method.getName(), method);
                }
            }
            // Public methods of a class in a script loader: access checks always pass, and skipping them per call
            // matters for callbacks run once per message.
            m.values().forEach(method -> method.trySetAccessible());
            return m;
        }
    }

    private record Instance(Script script, Class<? extends Script> type, String origin, Map<String, Method> functions)
            implements ScriptInstance {
        @Override public boolean has(String name) {
            return functions.containsKey(name);
        }

        @Override public Object call(String name, Object... args) {
            return bind(name).call(args);
        }

        @Override public Bound bind(String name) {
            Method m = functions.get(name);
            if (m == null) throw new ScriptRuntimeException(origin + " defines no function " + name, -1, null);
            return args -> invoke(name, m, args);
        }

        private Object invoke(String name, Method m, Object[] args) {
            int n = m.getParameterCount();
            Object[] actual = args;
            if (n != args.length) {
                actual = new Object[n];
                System.arraycopy(args, 0, actual, 0, Math.min(n, args.length));
            }
            try {
                return m.invoke(script, actual);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                int line = scriptLine(cause, type);
                throw new ScriptRuntimeException(name + " failed in " + origin + (line > 0 ? " at line " + line : "")
                        + ": " + describe(cause), line, cause);
            } catch (IllegalAccessException | IllegalArgumentException e) {
                throw new ScriptRuntimeException(name + " in " + origin + " cannot be called: " + describe(e), -1, e);
            }
        }
    }
}
