package dev.patchline.cli;

import dev.patchline.cli.demo.DemoCommand;
import dev.patchline.cli.mqtt.MqttCommand;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code patchline} command. Subcommands do the work; this class only wires them and turns
 * failures into one clear line on stderr and a non-zero exit (a stack trace only with {@code --debug}).
 */
@Command(
        name = "patchline",
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
            StudioCommand.class,
            MqttCommand.class,
            CommandLine.HelpCommand.class
        })
public final class PatchlineCommand implements Runnable {

    @Option(
            names = "--debug",
            scope = CommandLine.ScopeType.INHERIT,
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
        try {
            return cli.execute(args);
        } finally {
            // The writers buffer and flush only on println; what a command printed without a line end (a whole
            // operator page) would otherwise be lost when main calls System.exit.
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }

    /** {@return the configured command line} */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PatchlineCommand());
        // Set here, on the root, so that every subcommand writes through these two writers (setOut and setErr pass
        // them down); left unset, each subcommand would create writers of its own that nobody flushes.
        cli.setOut(consoleWriter(System.out, "stdout"));
        cli.setErr(consoleWriter(System.err, "stderr"));
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

    /** A buffered writer in the platform's console encoding (as picocli would choose), flushed on every println. */
    private static PrintWriter consoleWriter(PrintStream stream, String which) {
        String name = System.getProperty(which + ".encoding", System.getProperty("sun." + which + ".encoding"));
        Charset charset;
        try {
            charset = name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException unknownName) {
            charset = Charset.defaultCharset();
        }
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
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
