package dev.patchline.runtime.script;

import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.syntax.SyntaxException;
import org.codehaus.groovy.transform.ASTTransformation;
import org.codehaus.groovy.transform.GroovyASTTransformation;

/**
 * Stands in for an AST transformation graph code may not use (see the allowed list in the script package's
 * transformation policy): instead of running, it fails the compile with the annotation's name and position. Public
 * only because the Groovy compiler instantiates it by reflection; not for use by applications.
 */
@GroovyASTTransformation(phase = CompilePhase.SEMANTIC_ANALYSIS)
public final class RefusedTransformation implements ASTTransformation {

    @Override
    public void visit(ASTNode[] nodes, SourceUnit source) {
        ASTNode at = nodes.length > 0 ? nodes[0] : null;
        String name = at instanceof AnnotationNode a ? "@" + a.getClassNode().getName() : "an AST transformation";
        int line = at == null ? 1 : Math.max(1, at.getLineNumber());
        int column = at == null ? 1 : Math.max(1, at.getColumnNumber());
        source.addError(new SyntaxException(
                name + " is not allowed in graph code: it is an AST transformation that"
                        + " runs or changes code while the script compiles; remove it (see 'Scripts' in docs/guide/security.md)",
                line,
                column));
    }
}
