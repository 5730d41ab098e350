package dev.patchline.cli;

import dev.patchline.cli.demo.DemoCommand;
import dev.patchline.cli.mqtt.MqttCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code patchline} command. Subcommands do the work; this class only wires them and turns
 * failures into one clear line on stderr and a non-zero exit (a stack trace only with {@code --debug}).
 */
@Command(name = "patchline",
        mixinStandardHelpOptions = true,
        versionProvider = PatchlineCommand.Version.class,
        description = "Runs dataflow graphs of operators (MQTT, TCP, tables, channels) from JSON files.",
        subcommands = {
                RunCommand.class,
                ValidateCommand.class,
                OpsCommand.class,
                SchemaCommand.class,
                DocsCommand.class,
                DemoCommand.class,
                MqttCommand.class,
                CommandLine.HelpCommand.class
        })
public final class PatchlineCommand implements Runnable {

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces and debug logging.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed (try: patchline --help)");
    }

    public static void main(String[] args) {
        // Our quiet logging setup; named so that a logback.xml inside a dependency (HiveMQ CE ships one)
        // cannot take its place.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "patchline-logback.xml");
        }
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code; for tests and for {@link #main}. */
    public static int execute(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    /** {@return the configured command line} */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PatchlineCommand());
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            boolean debug = parsed.matchedOption("--debug") != null
                    || parsed.subcommands().stream().anyMatch(p -> p.matchedOption("--debug") != null);
            if (debug) {
                ex.printStackTrace(line.getErr());
            } else {
                line.getErr().println("patchline: " + CliErrors.describe(ex));
            }
            return ex instanceof CliException ce ? ce.exitCode() : 1;
        });
        return cli;
    }

    /** Version from the jar manifest when packaged, else the development version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PatchlineCommand.class.getPackage().getImplementationVersion();
            return new String[] {"patchline " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
