package dev.patchline.cli.demo;

import dev.patchline.runtime.op.NodeState;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * Prints the demo: on a terminal a screen redrawn each second (latest rows, smoothed channels, rates,
 * connection states, how to watch and inject); off a terminal a few log lines, so CI logs stay short.
 */
final class DemoView {
    private static final String CLEAR = "\033[H\033[2J";

    private final PrintWriter out;
    private final boolean screen;
    private final int mqttPort;
    private final int tcpPort;
    private DemoSnapshot previous;
    private final Map<String, Double> lastRates = new java.util.HashMap<>();
    private double lastLog = -10;

    DemoView(PrintWriter out, boolean screen, int mqttPort, int tcpPort) {
        this.out = out;
        this.screen = screen;
        this.mqttPort = mqttPort;
        this.tcpPort = tcpPort;
    }

    /** The studio's URL, shown with the other ways to look at the demo; null when there is no studio. */
    private String studioUrl;

    void studio(String url) {
        this.studioUrl = url;
    }

    void intro() {
        if (!screen) {
            out.println("Patchline demo: broker mqtt://127.0.0.1:" + mqttPort + ", TCP server 127.0.0.1:" + tcpPort);
            howTo(out);
            out.flush();
        }
    }

    private void howTo(PrintWriter w) {
        if (studioUrl != null) w.println("  open the studio:      " + studioUrl);
        w.println("  watch the TCP output:  nc 127.0.0.1 " + tcpPort);
        w.println("  watch the broker:      ./patchline mqtt sub -p " + mqttPort + " -t 'sensors/#' -v");
        w.println(
                "  inject a message:      ./patchline mqtt pub -p " + mqttPort
                        + " -t sensors/kitchen/temperature -m '{\"room\":\"kitchen\",\"kind\":\"temperature\",\"value\":35.0}'");
    }

    void show(DemoSnapshot s, double elapsed) {
        if (screen) {
            StringBuilder b = new StringBuilder(CLEAR);
            b.append(String.format("Patchline demo   %.0fs   Ctrl-C stops%n%n", elapsed));
            appendStates(b, s);
            b.append('\n');
            appendRows(b, s);
            b.append('\n');
            appendChannels(b, s);
            b.append('\n');
            java.io.StringWriter how = new java.io.StringWriter();
            howTo(new PrintWriter(how, true));
            b.append(how);
            out.print(b);
        } else if (elapsed - lastLog >= 5) {
            lastLog = elapsed;
            StringBuilder b = new StringBuilder(String.format("[%5.1fs] ", elapsed));
            DemoSnapshot.NodeLine sensors = s.nodes().get(DemoGraph.SENSORS);
            b.append(String.format(
                    "sensors %s received=%.0f (%.1f/s) dropped=%.0f; ",
                    connected(sensors),
                    sensors.info("received"),
                    rate(s, DemoGraph.SENSORS, "received"),
                    sensors.info("dropped")));
            b.append(String.format(
                    "wall connections=%.0f; ", s.nodes().get(DemoGraph.WALL).info("connections")));
            b.append("channels ").append(channels(s.smoothed()));
            out.println(b);
            for (DemoSnapshot.NodeLine n : s.nodes().values()) {
                if (n.state() != NodeState.OK) {
                    out.println("         " + n.id() + ": " + n.state() + " " + n.message());
                }
            }
        }
        previous = s;
        out.flush();
    }

    /** The last picture, printed whatever the mode, so a run with --for ends showing rows. */
    void finish(DemoSnapshot s) {
        if (screen) {
            show(s, 0);
            return;
        }
        StringBuilder b = new StringBuilder();
        appendStates(b, s);
        appendRows(b, s);
        appendChannels(b, s);
        out.print(b);
        out.flush();
    }

    private void appendStates(StringBuilder b, DemoSnapshot s) {
        DemoSnapshot.NodeLine broker = s.nodes().get(DemoGraph.BROKER);
        DemoSnapshot.NodeLine sensors = s.nodes().get(DemoGraph.SENSORS);
        DemoSnapshot.NodeLine wall = s.nodes().get(DemoGraph.WALL);
        b.append(String.format(
                "broker   mqtt://127.0.0.1:%d  %s  clients=%.0f  in=%.0f/s  out=%.0f/s%n",
                mqttPort,
                broker.info("running") > 0 ? "running" : "starting",
                broker.info("clients"),
                rate(s, DemoGraph.BROKER, "messages_in"),
                rate(s, DemoGraph.BROKER, "messages_out")));
        b.append(String.format(
                "sensors  %s  received=%.0f (%.1f/s)  dropped=%.0f  reconnects=%.0f%n",
                connected(sensors),
                sensors.info("received"),
                rate(s, DemoGraph.SENSORS, "received"),
                sensors.info("dropped"),
                sensors.info("reconnects")));
        b.append(String.format(
                "wall     tcp server 127.0.0.1:%d  connections=%.0f  bytes_out=%.0f%n",
                tcpPort, wall.info("connections"), wall.info("bytes_out")));
        for (DemoSnapshot.NodeLine n : s.nodes().values()) {
            if (n.state() != NodeState.OK) {
                b.append(String.format("%-8s %s %s%n", n.id(), n.state(), n.message()));
            }
        }
    }

    private static void appendRows(StringBuilder b, DemoSnapshot s) {
        b.append("latest rows of 'sensors' (")
                .append(String.join(", ", s.header()))
                .append("):\n");
        for (List<String> row : s.latestRows()) {
            b.append("  ");
            for (String cell : row) {
                b.append(String.format("%-30s ", cell.length() > 60 ? cell.substring(0, 59) + "…" : cell));
            }
            b.append('\n');
        }
    }

    private static void appendChannels(StringBuilder b, DemoSnapshot s) {
        b.append("smoothed temperatures ('smooth' CHOP): ")
                .append(channels(s.smoothed()))
                .append('\n');
    }

    private static String channels(Map<String, Double> values) {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) ->
                b.append(k).append('=').append(String.format("%.2f", v)).append(' '));
        return b.length() == 0 ? "(none yet)" : b.toString().strip();
    }

    private static String connected(DemoSnapshot.NodeLine n) {
        return n.info("connected") > 0 ? "connected" : n.state() == NodeState.ERROR ? "error" : "connecting";
    }

    /**
     * Per-second rate of an info counter since the previous snapshot; when that snapshot is too recent to say
     * anything (the final picture right after a redraw), the last rate shown.
     */
    private double rate(DemoSnapshot now, String node, String info) {
        String key = node + "/" + info;
        if (previous == null) {
            return 0;
        }
        double dt = (now.atNanos() - previous.atNanos()) / 1e9;
        DemoSnapshot.NodeLine before = previous.nodes().get(node);
        if (dt < 0.5 || before == null) {
            return lastRates.getOrDefault(key, 0.0);
        }
        double r = (now.nodes().get(node).info(info) - before.info(info)) / dt;
        lastRates.put(key, r);
        return r;
    }
}
