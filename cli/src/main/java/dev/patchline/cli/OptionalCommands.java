package dev.patchline.cli;

import picocli.CommandLine;

/**
 * Adds subcommands that live in optional parts of the distribution (e.g. {@code mqtt pub|sub},
 * {@code demo}) when their classes are present, so the core command works without them.
 */
final class OptionalCommands {
    private static final String[] CLASSES = {
            "dev.patchline.cli.mqtt.MqttCommand",
            "dev.patchline.cli.demo.DemoCommand",
    };

    private OptionalCommands() {
    }

    static void addTo(CommandLine cli) {
        for (String name : CLASSES) {
            Object command;
            try {
                command = Class.forName(name).getDeclaredConstructor().newInstance();
            } catch (ClassNotFoundException e) {
                continue;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create command " + name, e);
            }
            cli.addSubcommand(command);
        }
    }
}
