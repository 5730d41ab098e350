package dev.patchline.runtime.script;

import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.transform.ASTTransformation;
import org.codehaus.groovy.transform.GroovyASTTransformation;

/**
 * Stands in for an allowed AST transformation while a graph is only validated: it does nothing, so that validation
 * runs no transformation code at all. Public only because the Groovy compiler instantiates it by reflection; not for
 * use by applications.
 */
@GroovyASTTransformation(phase = CompilePhase.SEMANTIC_ANALYSIS)
public final class InertTransformation implements ASTTransformation {

    @Override
    public void visit(ASTNode[] nodes, SourceUnit source) {
        // Validation checks that the code compiles; what the transformation would generate is not needed for that.
    }
}
