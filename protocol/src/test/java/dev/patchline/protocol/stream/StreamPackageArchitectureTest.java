package dev.patchline.protocol.stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Framers work on buffers only, so they can be tested and reused without a channel. */
class StreamPackageArchitectureTest {

    @Test
    void framersUseNoSocketsAndNoNettyTransport() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.patchline.protocol.stream");
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.net..", "io.netty.channel..", "io.netty.bootstrap..", "io.netty.handler..")
                .check(classes);
    }
}
