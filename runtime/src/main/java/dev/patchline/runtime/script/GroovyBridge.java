package dev.patchline.runtime.script;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.Script;
import groovy.transform.ThreadInterrupt;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * The Groovy implementation of {@link ScriptEngineBridge}: sources are compiled once into classes
 * that extend {@link PatchlineScript} and kept in a bounded cache by source text. Thread-safe.
 *
 * <p>What graph code may do while it compiles: global AST transformations (such as {@code @Grab}) are not loaded,
 * local ones only from an allowed list of Groovy's own code generators (see {@link RefusedTransformation}), and
 * annotation type definitions are refused, so compiling runs no code taken from the script. Validation
 * ({@link #checkExpression}, {@link #checkScript}) goes further and runs no transformation at all. Compiled code
 * checks the thread's interrupt flag in every loop, method and closure ({@code @ThreadInterrupt} on everything), so
 * that a patch that stops can interrupt a callback that loops forever.
 *
 * <p>Memory: each compile gets its own class loader and nothing but the cache (and the nodes using a class) holds
 * it, so classes evicted from the cache and no longer used are unloaded by the garbage collector.
 */
public final class GroovyBridge implements ScriptEngineBridge {
    /** Default number of compiled sources kept. */
    public static final int DEFAULT_CACHE_ENTRIES = 1024;

    private static final AtomicInteger SERIAL = new AtomicInteger();

    private final ScriptLoader loader;
    private final CompilerConfiguration checkConfig;
    private final GroovyClassLoader checkLoader;
    private final TransformPolicy.Loader checkTransforms;
    private final int cacheEntries;
    /** Source text to class, least recently used first; guarded by itself. */
    private final LinkedHashMap<String, Class<? extends Script>> cache;

    /** Creates a bridge whose scripts see the classes of {@code parent}. */
    public GroovyBridge(ClassLoader parent) {
        this(parent, DEFAULT_CACHE_ENTRIES);
    }

    /**
     * Creates a bridge whose scripts see the classes of {@code parent} and that keeps at most {@code cacheEntries}
     * compiled sources (least recently used go first).
     */
    public GroovyBridge(ClassLoader parent, int cacheEntries) {
        if (cacheEntries < 1)
            throw new IllegalArgumentException("cacheEntries must be at least 1, got " + cacheEntries);
        this.cacheEntries = cacheEntries;
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Class<? extends Script>> eldest) {
                return size() > GroovyBridge.this.cacheEntries;
            }
        };
        CompilerConfiguration run = configuration();
        run.addCompilationCustomizers(new ASTTransformationCustomizer(ThreadInterrupt.class));
        this.loader = new ScriptLoader(parent, run);
        this.checkConfig = configuration();
        this.checkLoader = new GroovyClassLoader(parent, checkConfig);
        // A name graph code uses must resolve to a class, never to a .groovy file found on the class path that the
        // compiler would then compile (and transform) on the side.
        loader.setResourceLoader(name -> null);
        checkLoader.setResourceLoader(name -> null);
        this.checkTransforms = new TransformPolicy.Loader(checkLoader, TransformPolicy.Mode.CHECK);
    }

    /** Creates a bridge on this library's class loader. */
    public GroovyBridge() {
        this(GroovyBridge.class.getClassLoader());
    }

    private static CompilerConfiguration configuration() {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(PatchlineScript.class.getName());
        // The transformation loader hides every global transformation already; naming Grab's keeps it off even if a
        // loader in between were to show the list again.
        config.setDisabledGlobalASTTransformations(Set.of("groovy.grape.GrabAnnotationTransformation"));
        config.addCompilationCustomizers(new GraphCodeRules());
        return config;
    }

    /** {@return how many compiled sources the cache holds (for tests of the cache)} */
    int compiledCount() {
        synchronized (cache) {
            return cache.size();
        }
    }

    @Override
    public String language() {
        return "groovy";
    }

    @Override
    public CompiledExpression compileExpression(String source, String origin) {
        Class<? extends Script> type = compile(source, origin);
        return new Expression(source, type, origin);
    }

    @Override
    public CompiledScript compileScript(String source, String origin) {
        Class<? extends Script> type = compile(source, origin);
        return new Functions(type, origin);
    }

    /** Checks that {@code source} compiles, running no transformation and loading no class of it. */
    @Override
    public void checkExpression(String source, String origin) {
        check(source, origin);
    }

    /** Checks that {@code source} compiles, running no transformation and loading no class of it. */
    @Override
    public void checkScript(String source, String origin) {
        check(source, origin);
    }

    private void check(String source, String origin) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
        CompilationUnit unit = new CompilationUnit(checkConfig, null, checkLoader, checkTransforms);
        unit.addSource("pl" + SERIAL.incrementAndGet() + ".groovy", source);
        try {
            // Up to bytecode generation, which finds the last compile errors; nothing is defined or loaded.
            unit.compile(Phases.CLASS_GENERATION);
        } catch (CompilationFailedException e) {
            throw compileError(e, origin);
        }
    }

    @SuppressWarnings("unchecked")
    private Class<? extends Script> compile(String source, String origin) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
        // Cache by text only: the same expression in two nodes compiles once. The origin of a cached
        // class may then name the first node in stack traces, so messages take the origin from callers.
        synchronized (cache) {
            Class<? extends Script> cached = cache.get(source);
            if (cached != null) return cached;
        }
        try {
            String name = "pl" + SERIAL.incrementAndGet() + ".groovy";
            Class<?> c;
            synchronized (loader) {
                c = loader.parseClass(new GroovyCodeSource(source, name, "/groovy/patchline"), false);
            }
            Class<? extends Script> type = (Class<? extends Script>) c;
            synchronized (cache) {
                Class<? extends Script> raced = cache.putIfAbsent(source, type);
                return raced != null ? raced : type;
            }
        } catch (CompilationFailedException e) {
            throw compileError(e, origin);
        }
    }

    private static ScriptCompileException compileError(CompilationFailedException failure, String origin) {
        if (failure instanceof MultipleCompilationErrorsException e) {
            for (Object m : e.getErrorCollector().getErrors()) {
                if (m instanceof SyntaxErrorMessage sem) {
                    SyntaxException se = sem.getCause();
                    return new ScriptCompileException(
                            origin, se.getLine(), se.getStartColumn(), se.getOriginalMessage());
                }
                if (m instanceof Message msg) {
                    return new ScriptCompileException(origin, 1, 1, firstLine(String.valueOf(msg)));
                }
            }
        }
        return new ScriptCompileException(origin, 1, 1, firstLine(failure.getMessage()));
    }

    /**
     * Compiles graph code. Each parse gets its own inner class loader (Groovy's); this loader keeps no table of the
     * classes it compiled, so they can be unloaded once the bridge's cache and the nodes let go of them.
     */
    private static final class ScriptLoader extends GroovyClassLoader {
        private final TransformPolicy.Loader transforms;

        ScriptLoader(ClassLoader parent, CompilerConfiguration config) {
            super(parent, config);
            this.transforms = new TransformPolicy.Loader(this, TransformPolicy.Mode.RUN);
        }

        @Override
        protected CompilationUnit createCompilationUnit(CompilerConfiguration config, CodeSource source) {
            return new CompilationUnit(config, source, this, transforms);
        }

        @Override
        protected void setClassCacheEntry(Class cls) {
            // Not kept: see the class comment.
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

    private record Expression(String source, Class<? extends Script> type, String origin)
            implements CompiledExpression {
        @Override
        public BoundExpression bind(Map<String, Object> variables) {
            Script script = newInstance(type, variables);
            return () -> {
                try {
                    return script.run();
                } catch (Exception e) { // Groovy throws checked exceptions too, such as InterruptedException
                    int line = scriptLine(e, type);
                    throw new ScriptRuntimeException(
                            "expression " + origin + " failed" + (line > 0 ? " at line " + line : "") + ": "
                                    + describe(e),
                            line,
                            e);
                }
            };
        }
    }

    private record Functions(Class<? extends Script> type, String origin) implements CompiledScript {
        @Override
        public ScriptInstance instantiate(Map<String, Object> variables) {
            Script script = newInstance(type, variables);
            try {
                script.run(); // top-level statements (imports, shared variables) run once
            } catch (Exception e) { // Groovy throws checked exceptions too, such as InterruptedException
                int line = scriptLine(e, type);
                throw new ScriptRuntimeException(
                        origin + " failed while loading" + (line > 0 ? " at line " + line : "") + ": " + describe(e),
                        line,
                        e);
            }
            return new Instance(script, type, origin, functions(type));
        }

        private static Map<String, Method> functions(Class<?> type) {
            Map<String, Method> m = new HashMap<>();
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isPublic(method.getModifiers())
                        && !Modifier.isStatic(method.getModifiers())
                        && !method.isSynthetic()
                        && !method.getName().equals("run")) {
                    Method old = m.get(method.getName());
                    // Groovy adds overloads for default arguments; keep the widest one.
                    if (old == null || old.getParameterCount() < method.getParameterCount())
                        m.put(method.getName(), method);
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
        @Override
        public boolean has(String name) {
            return functions.containsKey(name);
        }

        @Override
        public Object call(String name, Object... args) {
            return bind(name).call(args);
        }

        @Override
        public Bound bind(String name) {
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
                if (cause instanceof VirtualMachineError vm && !(cause instanceof StackOverflowError)) throw vm;
                int line = scriptLine(cause, type);
                throw new ScriptRuntimeException(
                        name + " failed in " + origin + (line > 0 ? " at line " + line : "") + ": " + describe(cause),
                        line,
                        cause);
            } catch (IllegalAccessException | IllegalArgumentException e) {
                throw new ScriptRuntimeException(name + " in " + origin + " cannot be called: " + describe(e), -1, e);
            }
        }
    }
}
