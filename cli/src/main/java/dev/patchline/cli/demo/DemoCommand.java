package dev.patchline.cli.demo;

import dev.patchline.cli.CliException;
import dev.patchline.cli.Durations;
import dev.patchline.cli.StopOnCtrlC;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.studio.StudioOptions;
import dev.patchline.studio.StudioServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code patchline demo}: the newcomer's first minute. Starts {@link DemoGraph} on an embedded broker and
 * shows the latest rows, channel values, rates and connection states until Ctrl-C or {@code --for}, and prints the
 * URL of the studio that shows the same patch in the browser.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Runs the demo: embedded broker, simulated sensors, MQTT Client DAT, channels and a TCP server.")
public final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--for",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Stop after this long, e.g. 20s or 2m.")
    Duration limit;

    @Option(
            names = "--mqtt-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description = "Port of the embedded broker on 127.0.0.1 (0: 1883 when free, else any free port).")
    int mqttPort;

    @Option(
            names = "--tcp-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description = "Port of the TCP server on 127.0.0.1 (0: 7000 when free, else any free port).")
    int tcpPort;

    @Option(
            names = "--sensors",
            paramLabel = "N",
            defaultValue = "8",
            description = "Number of simulated sensors (default 8).")
    int sensors;

    @Option(
            names = "--rate",
            paramLabel = "HZ",
            defaultValue = "2",
            description = "Messages per second per sensor (default 2).")
    double rate;

    @Option(
            names = "--view",
            paramLabel = "MODE",
            defaultValue = "auto",
            description = "auto (redrawn screen on a terminal, log lines otherwise), screen or log.")
    String view;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (sensors < 1 || sensors > 10_000) {
            throw new CliException("--sensors must be between 1 and 10000, got " + sensors, 2);
        }
        if (!(rate > 0 && rate <= 1000)) {
            throw new CliException("--rate must be above 0 and at most 1000 messages per second, got " + rate, 2);
        }
        int mqtt = choosePort(mqttPort, 1883, "--mqtt-port");
        int tcp = choosePort(tcpPort, 7000, "--tcp-port");
        PrintWriter out = spec.commandLine().getOut();
        boolean screen = switch (view) {
            case "auto" -> System.console() != null;
            case "screen" -> true;
            case "log" -> false;
            default -> throw new CliException("--view must be auto, screen or log, got '" + view + "'", 2);
        };
        DemoView demoView = new DemoView(out, screen, mqtt, tcp);
        PatchOptions options = PatchOptions.builder()
                .registry(OperatorRegistry.load())
                .name("demo")
                .watchAll()
                .build();
        Patch patch = Patch.start(DemoGraph.build(mqtt, tcp, sensors, rate), options);
        StopOnCtrlC ctrlC = StopOnCtrlC.stops(patch, spec.commandLine().getErr());
        // The demo graph is built in code and has no file: the studio shows and edits it, and refuses Save, saying so.
        StudioServer studio;
        try {
            studio = StudioServer.start(patch, StudioOptions.of(options, null));
        } catch (RuntimeException e) {
            ctrlC.close();
            patch.close();
            throw new CliException("the studio could not start: " + e.getMessage());
        }
        demoView.studio(studio.url());
        demoView.intro();
        try (patch;
                ctrlC;
                studio) {
            long start = System.nanoTime();
            long end = limit == null ? Long.MAX_VALUE : start + limit.toNanos();
            while (patch.isRunning() && System.nanoTime() - end < 0) {
                long wait = Math.min(TimeUnit.SECONDS.toNanos(1), end - System.nanoTime());
                if (wait > 0 && patch.awaitStop(Duration.ofNanos(wait))) {
                    break;
                }
                DemoSnapshot now = snapshot(patch);
                if (now != null) {
                    demoView.show(now, (System.nanoTime() - start) / 1e9);
                }
            }
            DemoSnapshot last = snapshot(patch);
            if (last != null) {
                demoView.finish(last);
            }
        }
        if (ctrlC.reportFailure() != 0) {
            out.flush();
            return 1;
        }
        out.println("demo stopped");
        out.flush();
        return 0;
    }

    /** {@return what the demo shows now, or null when the patch stopped or its cook thread does not answer in time} */
    private static DemoSnapshot snapshot(Patch patch) throws InterruptedException {
        if (!patch.isRunning() || patch.stall().isPresent()) {
            return null;
        }
        try {
            return patch.query(DemoSnapshot::take).get(1, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        }
    }

    /** 0 means: the usual port when it is free, else any free port. Any other value must be free. */
    private static int choosePort(int requested, int usual, String option) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        if (requested != 0) {
            if (requested < 1 || requested > 65535) {
                throw new CliException(option + " must be between 1 and 65535, got " + requested, 2);
            }
            if (!isFree(loopback, requested)) {
                throw new CliException(option + " " + requested + " is in use on 127.0.0.1; pick another port or 0", 1);
            }
            return requested;
        }
        if (isFree(loopback, usual)) {
            return usual;
        }
        try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
            return s.getLocalPort();
        }
    }

    private static boolean isFree(InetAddress address, int port) {
        try (ServerSocket s = new ServerSocket(port, 1, address)) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
