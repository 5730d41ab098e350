package dev.patchline.runtime.script;

import java.util.Set;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Refuses, right after parsing and before any name is resolved or any transformation is collected, the constructs
 * with which Groovy source can run code of its own while compiling: annotation type definitions ({@code @interface},
 * whose {@code @AnnotationCollector} and {@code @Retention} members the compiler evaluates by running them) and
 * {@code @Grab} and its companions (which download and load libraries; their global transformation is not loaded
 * anyway, this names them clearly).
 */
final class GraphCodeRules extends CompilationCustomizer {
    private static final Set<String> GRAPE = Set.of("Grab", "Grapes", "GrabResolver", "GrabConfig", "GrabExclude");

    GraphCodeRules() {
        super(CompilePhase.CONVERSION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (classNode.isAnnotationDefinition()) {
            refuse(
                    source,
                    classNode.getLineNumber(),
                    classNode.getColumnNumber(),
                    "annotation type definitions (@interface " + classNode.getNameWithoutPackage()
                            + ") are not allowed in graph code: the compiler runs code of theirs while compiling");
            return;
        }
        new ClassCodeVisitorSupport() {
            @Override
            protected SourceUnit getSourceUnit() {
                return source;
            }

            @Override
            public void visitAnnotations(org.codehaus.groovy.ast.AnnotatedNode node) {
                for (AnnotationNode a : node.getAnnotations()) {
                    String name = a.getClassNode().getName();
                    String simple = name.substring(name.lastIndexOf('.') + 1);
                    if (GRAPE.contains(simple) && (name.equals(simple) || name.startsWith("groovy.lang."))) {
                        refuse(
                                source,
                                a.getLineNumber(),
                                a.getColumnNumber(),
                                "@" + simple + " is not allowed in graph code:"
                                        + " it downloads and loads libraries while compiling; put libraries on the class path instead");
                    }
                }
                super.visitAnnotations(node);
            }
        }.visitClass(classNode);
    }

    private static void refuse(SourceUnit source, int line, int column, String message) {
        source.addError(new SyntaxException(message, Math.max(1, line), Math.max(1, column)));
    }
}
