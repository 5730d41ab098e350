package dev.patchline.protocol.mqtt.topic;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Topic handling is pure computation: it must run inside the sans-I/O engine and in any graph node. */
class TopicPackageArchitectureTest {

    @Test
    void topicPackageUsesNoSocketsAndNoNettyTransport() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.patchline.protocol.mqtt.topic");
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.net..", "io.netty.channel..", "io.netty.bootstrap..", "io.netty.handler..")
                .check(classes);
    }
}
