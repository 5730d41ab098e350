package dev.patchline.cli.mqtt;

import java.util.List;
import java.util.Locale;
import java.util.Stack;
import picocli.CommandLine;

/**
 * One {@code -D command identifier value} argument (mosquitto's MQTT 5 property syntax), e.g.
 * {@code -D publish user-property name value}, {@code -D connect session-expiry-interval 60}.
 */
record MqttProperty(String command, String identifier, String value, String value2) {

    static final List<String> COMMANDS =
            List.of("connect", "publish", "subscribe", "unsubscribe", "disconnect", "will");

    /** Takes three or four arguments from the command line: user-property has a name and a value. */
    static final class Consumer implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(
                Stack<String> args, CommandLine.Model.ArgSpec argSpec, CommandLine.Model.CommandSpec commandSpec) {
            if (args.size() < 3) {
                throw new CommandLine.ParameterException(
                        commandSpec.commandLine(),
                        "-D needs: command identifier value (e.g. -D publish user-property name value)");
            }
            String command = args.pop().toLowerCase(Locale.ROOT);
            String identifier = args.pop().toLowerCase(Locale.ROOT);
            if (!COMMANDS.contains(command)) {
                throw new CommandLine.ParameterException(
                        commandSpec.commandLine(), "-D command '" + command + "' is unknown; use one of " + COMMANDS);
            }
            String value = args.pop();
            String value2 = null;
            if (identifier.equals("user-property")) {
                if (args.isEmpty()) {
                    throw new CommandLine.ParameterException(
                            commandSpec.commandLine(), "-D " + command + " user-property needs a name and a value");
                }
                value2 = args.pop();
            }
            List<MqttProperty> list = argSpec.getValue();
            list.add(new MqttProperty(command, identifier, value, value2));
        }
    }
}
