package dev.patchline.cli.mqtt;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code patchline mqtt}: MQTT tools in the style of mosquitto_pub and mosquitto_sub. */
@Command(
        name = "mqtt",
        description =
                "Publish, subscribe, record and replay from the command line (mosquitto_pub / mosquitto_sub flags).",
        subcommands = {MqttPubCommand.class, MqttSubCommand.class, MqttRecordCommand.class, MqttReplayCommand.class})
public final class MqttCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a subcommand is needed: patchline mqtt pub|sub|record|replay");
    }
}
