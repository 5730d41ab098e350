package dev.patchline.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The sans-I/O core of the protocol module (codec, topic, engine) stays free of sockets and of
 * Netty's channel machinery: it may use netty-buffer (and netty-common), nothing from
 * netty-transport, netty-handler or netty-codec-http, and nothing from {@code java.net}. Only the
 * transport and client packages may.
 */
class ArchitectureTest {

    private static final String[] SANS_IO = {
        "dev.patchline.protocol.mqtt.codec..",
        "dev.patchline.protocol.mqtt.topic..",
        "dev.patchline.protocol.mqtt.engine.."
    };

    private static final JavaClasses PROTOCOL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.patchline.protocol");

    @Test
    void codec_topic_and_engine_do_not_use_netty_transport_handler_or_http() {
        ArchRule rule = noClasses()
                .that()
                .resideInAnyPackage(SANS_IO)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.netty.channel..", "io.netty.bootstrap..", "io.netty.handler..", "io.netty.resolver..")
                .because("the codec and the engine are sans-I/O; only mqtt.transport talks to sockets");
        rule.check(PROTOCOL);
    }

    @Test
    void codec_topic_and_engine_do_not_use_java_net() {
        noClasses()
                .that()
                .resideInAnyPackage(SANS_IO)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.net..")
                .because("addresses and sockets belong to the transport package")
                .check(PROTOCOL);
    }

    @Test
    void the_rules_see_the_codec() {
        // guards against a rule that passes because the import found nothing
        assertThat(PROTOCOL.stream()
                        .filter(c -> c.getPackageName().startsWith("dev.patchline.protocol.mqtt.codec"))
                        .count())
                .isGreaterThan(20);
    }
}
