package dev.patchline.runtime.script;

import groovy.lang.GroovyClassLoader;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.transform.ASTTransformation;

/**
 * Which Groovy AST transformations graph code may use, enforced where the compiler loads them.
 *
 * <p>An AST transformation is compiler code that runs while a script compiles, before any of the script runs; some
 * of them run code taken from the script itself ({@code @ASTTest} runs its closure, {@code @Grab} downloads and loads
 * libraries). Graph code (expressions and callbacks) may use the transformations listed in {@link #ALLOWED}, which
 * generate code from Groovy's own templates and never run code of the script while compiling. Every other local
 * transformation is replaced by {@link RefusedTransformation}, which fails the compile with the annotation's name
 * and position; global transformations (found through {@code META-INF/services}, such as Grab's) are not loaded at
 * all.
 *
 * <p>In {@link Mode#CHECK} (validation) even the allowed transformations are replaced by {@link InertTransformation}:
 * validating a graph someone sent runs none of the compiler's transformation code.
 */
final class TransformPolicy {
    /** What a compile is for. */
    enum Mode {
        /** Validation: parse and check only; no transformation runs. */
        CHECK,
        /** Running: the allowed transformations do their work. */
        RUN
    }

    private static final String GLOBAL_TRANSFORMS = "META-INF/services/org.codehaus.groovy.transform.ASTTransformation";
    private static final String T = "org.codehaus.groovy.transform.";

    /** Transformation classes graph code may trigger (by annotation): code generators, type checking, interrupts. */
    static final Set<String> ALLOWED = Set.of(
            T + "sc.StaticCompileTransformation",
            T + "StaticTypesTransformation",
            T + "BaseScriptASTTransformation", // how the compiler applies the script base class itself
            T + "FieldASTTransformation",
            T + "FinalASTTransformation",
            T + "PackageScopeASTTransformation",
            T + "ToStringASTTransformation",
            T + "EqualsAndHashCodeASTTransformation",
            T + "TupleConstructorASTTransformation",
            T + "MapConstructorASTTransformation",
            T + "ImmutableASTTransformation",
            T + "RecordTypeASTTransformation",
            T + "RecordCompletionASTTransformation",
            T + "SealedASTTransformation",
            T + "NonSealedASTTransformation",
            T + "SealedCompletionASTTransformation",
            T + "trait.TraitASTTransformation",
            T + "MemoizedASTTransformation",
            T + "SortableASTTransformation",
            T + "AutoCloneASTTransformation",
            T + "AutoFinalASTTransformation",
            T + "AutoImplementASTTransformation",
            T + "InheritConstructorsASTTransformation",
            T + "NamedVariantASTTransformation",
            T + "BuilderASTTransformation",
            T + "LazyASTTransformation",
            T + "NewifyASTTransformation",
            T + "SynchronizedASTTransformation",
            T + "ReadWriteLockASTTransformation",
            T + "tailrec.TailRecursiveASTTransformation",
            T + "NullCheckASTTransformation",
            T + "DelegateASTTransformation",
            T + "SingletonASTTransformation",
            T + "IndexedPropertyASTTransformation",
            T + "OperatorRenameASTTransformation",
            T + "LogASTTransformation",
            T + "ThreadInterruptibleASTTransformation",
            T + "TimedInterruptibleASTTransformation",
            T + "ConditionalInterruptibleASTTransformation",
            "groovy.beans.BindableASTTransformation",
            "groovy.beans.VetoableASTTransformation",
            "groovy.beans.ListenerListASTTransformation");

    private TransformPolicy() {}

    /**
     * The loader the compiler asks for transformation classes and for the list of global transformations. Its
     * parent is the loader graph code compiles against, so compiler classes and everything else load as usual.
     */
    static final class Loader extends GroovyClassLoader {
        private final Mode mode;

        Loader(GroovyClassLoader parent, Mode mode) {
            super(parent);
            this.mode = mode;
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return GLOBAL_TRANSFORMS.equals(name) ? Collections.emptyEnumeration() : super.getResources(name);
        }

        @Override
        public Class loadClass(String name, boolean lookupScriptFiles, boolean preferClassOverScript, boolean resolve)
                throws ClassNotFoundException, CompilationFailedException {
            if (ALLOWED.contains(name)) {
                return mode == Mode.CHECK
                        ? InertTransformation.class
                        : super.loadClass(name, lookupScriptFiles, preferClassOverScript, resolve);
            }
            Class<?> c = super.loadClass(name, lookupScriptFiles, preferClassOverScript, resolve);
            return ASTTransformation.class.isAssignableFrom(c) ? RefusedTransformation.class : c;
        }
    }
}
