package dev.patchline.cli.mqtt;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code patchline mqtt}: MQTT tools in the style of mosquitto_pub and mosquitto_sub. */
@Command(
        name = "mqtt",
        description = "Publish and subscribe from the command line (mosquitto_pub / mosquitto_sub flags).",
        subcommands = {MqttPubCommand.class, MqttSubCommand.class})
public final class MqttCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: patchline mqtt pub|sub");
    }
}
