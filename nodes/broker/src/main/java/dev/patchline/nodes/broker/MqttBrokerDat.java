package dev.patchline.nodes.broker;

import dev.patchline.nodes.broker.BrokerStatus.State;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.files.PathRefusedException;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The MQTT Broker DAT: HiveMQ Community Edition running inside Patchline, so that a patch needs no
 * broker installed. Its output is a two-column status table (state, URL, ports, counters).
 *
 * <p>The broker starts with the graph, on a helper thread (HiveMQ needs seconds), and restarts when a
 * listener, folder or user parameter changes; the table says {@code starting}, {@code running},
 * {@code stopped} or {@code error} with the reason.
 */
public final class MqttBrokerDat implements Operator {

    public static final ParameterDescriptor<Boolean> ACTIVE = ParameterDescriptor.ofToggle("active")
            .label("Active")
            .defaultValue(true)
            .help("Runs the broker; off stops it and closes every client connection.")
            .build();
    public static final ParameterDescriptor<String> ADDRESS = ParameterDescriptor.ofString("address")
            .label("Bind Address")
            .defaultValue("127.0.0.1")
            .help("Address the listeners bind. 127.0.0.1 accepts clients of this machine only;"
                    + " 0.0.0.0 accepts clients of every network this machine is on.")
            .build();
    public static final ParameterDescriptor<Integer> PORT = ParameterDescriptor.ofInt("port")
            .label("Port")
            .defaultValue(1883)
            .range(0, 65535)
            .help("MQTT TCP port. 0 picks a free port; the table shows the one chosen.")
            .build();
    public static final ParameterDescriptor<Boolean> WEBSOCKET = ParameterDescriptor.ofToggle("websocket")
            .label("WebSocket")
            .defaultValue(false)
            .help("Also accepts MQTT over WebSocket (path /mqtt).")
            .build();
    public static final ParameterDescriptor<Integer> WSPORT = ParameterDescriptor.ofInt("wsport")
            .label("WebSocket Port")
            .defaultValue(8000)
            .range(0, 65535)
            .help("WebSocket port when WebSocket is on. 0 picks a free port; the table shows the one chosen.")
            .build();
    public static final ParameterDescriptor<String> DATAFOLDER = ParameterDescriptor.ofString("datafolder")
            .label("Data Folder")
            .help(
                    "Folder for the broker's configuration and data, relative to the graph file's folder and inside it unless"
                            + " allowed (--allow-path). Empty: a temporary folder, deleted when the broker stops.")
            .path()
            .build();
    public static final ParameterDescriptor<Boolean> PERSISTENCE = ParameterDescriptor.ofToggle("persistence")
            .label("Persistence")
            .defaultValue(false)
            .help("Keeps sessions, queued messages and retained messages in the data folder across restarts."
                    + " Needs a data folder.")
            .build();
    public static final ParameterDescriptor<Boolean> ANONYMOUS = ParameterDescriptor.ofToggle("anonymous")
            .label("Allow Anonymous")
            .defaultValue(true)
            .help(
                    "Accepts clients that connect without a user name. Clients that send a user name must match the user list.")
            .build();
    public static final ParameterDescriptor<List<BrokerUser>> USERS = ParameterDescriptor.ofList(
                    "users", BrokerUser.CODEC)
            .label("Users")
            .help("Accounts: a user name and the environment variable holding its password"
                    + " (passwords never go into the graph file).")
            .build();
    public static final ParameterDescriptor<Boolean> RESTART = ParameterDescriptor.ofPulse("restart")
            .label("Restart")
            .help("Stops and starts the broker (clients are disconnected).")
            .build();

    public static final OperatorType TYPE = OperatorType.define("mqttBroker", Family.DAT)
            .parameters(ACTIVE, ADDRESS, PORT, WEBSOCKET, WSPORT, DATAFOLDER, PERSISTENCE, ANONYMOUS, USERS, RESTART)
            .cookAlways()
            .doc(OperatorDoc.builder("An MQTT 3.1.1 and 5.0 broker (HiveMQ Community Edition) inside the patch.")
                    .label("MQTT Broker DAT")
                    .details("""
                            Runs HiveMQ Community Edition embedded in Patchline, so MQTT patches work without \
                            installing a broker. It starts with the graph on a helper thread and restarts when a \
                            listener, folder or user parameter changes; the output table shows `state` \
                            (`starting`, `running`, `stopped`, `error`), the reason of an error, the `url` clients \
                            connect to (with the chosen port when `port` is 0) and traffic counters.

                            It binds 127.0.0.1 by default. All of HiveMQ's files live under the data folder \
                            (`conf/`, `data/`, `extensions/`); without one, a temporary folder is used and deleted \
                            when the broker stops. HiveMQ's log lines go through SLF4J at WARN unless the logging \
                            configuration says otherwise; anonymous usage statistics are off.""")
                    .port(
                            "output",
                            "two columns, name and value: state, message, url, wsurl, address, port, wsport,"
                                    + " datafolder, clients, messages_in, messages_out")
                    .info("clients", "connected MQTT clients")
                    .info("messages_in", "PUBLISH packets received from clients since the broker started")
                    .info("messages_out", "PUBLISH packets delivered to subscribers since the broker started")
                    .info("port", "the MQTT port in use (0 until running)")
                    .info("wsport", "the WebSocket port in use (0 when off)")
                    .info("running", "1 while the broker accepts clients, else 0")
                    .build())
            .build(MqttBrokerDat::new);

    private static final String[] ROWS = {
        "state",
        "message",
        "url",
        "wsurl",
        "address",
        "port",
        "wsport",
        "datafolder",
        "clients",
        "messages_in",
        "messages_out"
    };

    private final Function<String, String> environment;
    private BrokerLifecycle lifecycle;
    /** Settings the helper thread was last asked to run, or null when stopped. Cook thread only. */
    private EmbeddedBroker.Settings applied;

    private String configProblem;
    private final String[] values = new String[ROWS.length];

    /** Reads user passwords from the process environment. */
    public MqttBrokerDat() {
        this(System::getenv);
    }

    /** Reads user passwords through {@code environment} (tests pass a map). */
    MqttBrokerDat(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment);
    }

    @Override
    public void onStart(OperatorContext ctx) {
        lifecycle = new BrokerLifecycle(ctx.nodeId(), ctx::wakeup, ctx.log());
        reconfigure(ctx, false);
    }

    @Override
    public void cook(CookContext ctx) {
        if (!ctx.firstCook() && (settingsChanged(ctx) || ctx.pulsed(RESTART))) {
            reconfigure(ctx, ctx.pulsed(RESTART));
        }
        BrokerStatus status = lifecycle.status();
        BrokerLifecycle.Counters counters = lifecycle.counters();
        writeTable(ctx.output(), status, counters, ctx.par(DATAFOLDER));
        ctx.info("clients", counters.clients());
        ctx.info("messages_in", counters.messagesIn());
        ctx.info("messages_out", counters.messagesOut());
        ctx.info("port", status.port());
        ctx.info("wsport", status.wsPort());
        ctx.info("running", status.state() == State.RUNNING ? 1 : 0);
        if (configProblem != null) {
            ctx.error(configProblem);
        } else if (status.state() == State.ERROR) {
            ctx.error(status.message());
        }
    }

    @Override
    public void onStop(boolean removed) {
        if (lifecycle != null) {
            // Blocks until HiveMQ released its ports (a few seconds): a graph restarted right after
            // must be able to bind them again, and no temporary files may outlive the patch.
            lifecycle.close();
            lifecycle = null;
        }
    }

    private boolean settingsChanged(CookContext ctx) {
        return ctx.parChanged(ACTIVE)
                || ctx.parChanged(ADDRESS)
                || ctx.parChanged(PORT)
                || ctx.parChanged(WEBSOCKET)
                || ctx.parChanged(WSPORT)
                || ctx.parChanged(DATAFOLDER)
                || ctx.parChanged(PERSISTENCE)
                || ctx.parChanged(ANONYMOUS)
                || ctx.parChanged(USERS);
    }

    private void reconfigure(OperatorContext ctx, boolean forceRestart) {
        configProblem = null;
        if (!ctx.par(ACTIVE)) {
            stop();
            return;
        }
        EmbeddedBroker.Settings wanted;
        try {
            wanted = settings(ctx);
        } catch (IllegalArgumentException e) {
            configProblem = e.getMessage();
            stop();
            return;
        }
        if (forceRestart || !wanted.equals(applied)) {
            applied = wanted;
            lifecycle.apply(wanted);
        }
    }

    private void stop() {
        if (applied != null) {
            applied = null;
            lifecycle.stop();
        }
    }

    /** Turns parameters into settings, rejecting combinations that cannot work with a message saying how to fix them. */
    private EmbeddedBroker.Settings settings(OperatorContext ctx) {
        String address = ctx.par(ADDRESS).trim();
        if (address.isEmpty()) {
            throw new IllegalArgumentException(
                    "parameter 'address' is empty; use 127.0.0.1 (this machine) or 0.0.0.0 (every interface)");
        }
        int port = ctx.par(PORT);
        boolean websocket = ctx.par(WEBSOCKET);
        int wsPort = ctx.par(WSPORT);
        if (websocket && port != 0 && port == wsPort) {
            throw new IllegalArgumentException("parameters 'port' and 'wsport' are both " + port
                    + "; give the WebSocket listener another port, or 0 for a free one");
        }
        String folder = ctx.par(DATAFOLDER).trim();
        boolean persistence = ctx.par(PERSISTENCE);
        if (persistence && folder.isEmpty()) {
            throw new IllegalArgumentException(
                    "parameter 'persistence' is on but 'datafolder' is empty: sessions would be"
                            + " kept in a temporary folder deleted at stop; set 'datafolder' to a folder that should keep them");
        }
        boolean anonymous = ctx.par(ANONYMOUS);
        List<BrokerUser> users = ctx.par(USERS);
        if (!anonymous && users.isEmpty()) {
            throw new IllegalArgumentException("parameter 'anonymous' is off and 'users' is empty, so no client could"
                    + " connect; add users or turn 'anonymous' on");
        }
        return new EmbeddedBroker.Settings(
                address, port, wsPort, websocket, dataFolder(ctx, folder), persistence, anonymous, passwords(users));
    }

    /** {@return the data folder resolved against the graph's folder, or null for a temporary one} */
    private static Path dataFolder(OperatorContext ctx, String folder) {
        if (folder.isEmpty()) return null;
        try {
            return ctx.resolvePath(folder);
        } catch (PathRefusedException e) {
            throw new IllegalArgumentException("parameter 'datafolder': " + e.getMessage(), e);
        }
    }

    private Map<String, String> passwords(List<BrokerUser> users) {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (int i = 0; i < users.size(); i++) {
            BrokerUser u = users.get(i);
            String where = "parameter 'users' item " + i;
            if (u.name().isEmpty()) {
                throw new IllegalArgumentException(where + " has an empty name; give every user a name");
            }
            if (u.passwordEnv().isEmpty()) {
                throw new IllegalArgumentException(where + " ('" + u.name() + "') has no 'passwordenv'; name the"
                        + " environment variable that holds the password");
            }
            String password = environment.apply(u.passwordEnv());
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException(where + " ('" + u.name() + "'): environment variable "
                        + u.passwordEnv() + " is not set or empty; export it before starting Patchline");
            }
            if (passwords.put(u.name(), password) != null) {
                throw new IllegalArgumentException(where + ": user '" + u.name() + "' is listed twice");
            }
        }
        return passwords;
    }

    private void writeTable(OutputTable out, BrokerStatus status, BrokerLifecycle.Counters counters, String folder) {
        if (out.numCols() == 0) {
            out.setHeader("name", "value");
            for (String row : ROWS) {
                out.appendRow(row, "");
            }
        }
        values[0] = configProblem != null ? State.ERROR.label() : status.state().label();
        values[1] = configProblem != null ? configProblem : status.message();
        values[2] = status.url();
        values[3] = status.wsUrl();
        values[4] = status.address();
        values[5] = status.port() > 0 ? Integer.toString(status.port()) : "";
        values[6] = status.wsPort() > 0 ? Integer.toString(status.wsPort()) : "";
        values[7] = folder.isBlank() ? "(temporary)" : folder;
        values[8] = Long.toString(counters.clients());
        values[9] = Long.toString(counters.messagesIn());
        values[10] = Long.toString(counters.messagesOut());
        for (int r = 0; r < ROWS.length; r++) {
            if (!values[r].equals(out.cell(r, 1))) {
                out.setCell(r, 1, values[r]);
            }
        }
    }
}
