package dev.patchline.nodes.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.topic.Topics;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.Callbacks;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Inbox;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.param.Secret;
import dev.patchline.runtime.param.ValueCheck;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MQTT Client DAT: TouchDesigner's operator of that name, with MQTT 5, declarative subscriptions, JSON columns and
 * real backpressure. Messages arrive as rows (a bounded FIFO of {@code maxlines}), callbacks run on the cook thread,
 * and rows of the optional input DAT are published.
 *
 * <p>Threading: cook thread only, except what {@link MqttLink} and {@link LinkUser} do on the client's threads (see
 * the package documentation).
 */
public final class MqttClientDat implements Operator {

    // ------------------------------------------------------------------ Connect page (TouchDesigner's names)

    public static final ParameterDescriptor<Boolean> ACTIVE = ParameterDescriptor.ofToggle("active")
            .label("Active")
            .defaultValue(true)
            .help("Connect to the broker; off disconnects.")
            .build();
    public static final ParameterDescriptor<String> NETADDRESS = ParameterDescriptor.ofString("netaddress")
            .label("Network Address")
            .defaultValue("tcp://127.0.0.1:1883")
            .help(
                    "Broker address <protocol>://<host>:<port> with protocol tcp, ssl, ws or wss (ws/wss may add a path).")
            .validator(ValueCheck.of(ParameterChecks::brokerUrl))
            .build();
    public static final ParameterDescriptor<String> MQTTVERSION = ParameterDescriptor.ofMenu(
                    "mqttversion", "5", "3.1.1")
            .label("MQTT Version")
            .menuLabels("MQTT 5", "MQTT 3.1.1")
            .help("Protocol version of the connection.")
            .build();
    public static final ParameterDescriptor<Boolean> SPECIFYID = ParameterDescriptor.ofToggle("specifyid")
            .label("Specify ID")
            .defaultValue(false)
            .help("Use 'usercid' as the client identifier; otherwise the broker assigns one for each connection.")
            .build();
    public static final ParameterDescriptor<String> USERCID = ParameterDescriptor.ofString("usercid")
            .label("User Client ID")
            .help("Client identifier when 'specifyid' is on.")
            .build();
    public static final ParameterDescriptor<Integer> KEEPALIVE = ParameterDescriptor.ofInt("keepalive")
            .label("Keep Alive Interval")
            .defaultValue(60)
            .range(0, 65_535)
            .help("Seconds; the client pings when idle this long. 0 disables pings.")
            .build();
    public static final ParameterDescriptor<Integer> MAXINFLIGHT = ParameterDescriptor.ofInt("maxinflight")
            .label("Max in Flight")
            .defaultValue(20)
            .range(1, 65_535)
            .help("Outgoing QoS 1/2 messages unacknowledged at once (also capped by the broker's Receive Maximum).")
            .build();
    public static final ParameterDescriptor<Boolean> CLEANSESSION = ParameterDescriptor.ofToggle("cleansession")
            .label("Clean Session")
            .defaultValue(true)
            .help("Start with a fresh session. Off (with 'specifyid') resumes the broker's session: subscriptions and"
                    + " QoS 1/2 messages queued while away.")
            .build();
    public static final ParameterDescriptor<Integer> SESSIONEXPIRY = ParameterDescriptor.ofInt("sessionexpiry")
            .label("Session Expiry")
            .defaultValue(0)
            .range(0, Integer.MAX_VALUE)
            .help("MQTT 5: seconds the broker keeps the session after a disconnect (0 = ends with the connection).")
            .build();
    public static final ParameterDescriptor<Boolean> QOS2GUARD = ParameterDescriptor.ofToggle("qos2guard")
            .label("QoS 2 Replay Guard")
            .defaultValue(false)
            .help("Recognise a QoS 2 message the broker sends again after it was completed (mosquitto 2.0 does so"
                    + " after restarting from its persistence file) and do not deliver it twice. Off by default: a new"
                    + " message with the same packet id, topic and payload whose first send was lost with the"
                    + " connection would be taken for such a replay.")
            .build();
    public static final ParameterDescriptor<Boolean> VERIFYCERT = ParameterDescriptor.ofToggle("verifycert")
            .label("Verify Certificate")
            .defaultValue(true)
            .help("ssl/wss: check the broker's certificate chain and host name.")
            .build();
    public static final ParameterDescriptor<String> CAFILE = ParameterDescriptor.ofString("cafile")
            .label("CA File")
            .help("ssl/wss: PEM file of trusted CA certificates (empty = the JVM's trust store).")
            .validator(ParameterChecks::optionalReadableFile)
            .path()
            .build();
    public static final ParameterDescriptor<String> CERTFILE = ParameterDescriptor.ofString("certfile")
            .label("Client Certificate")
            .help("ssl/wss: PEM client certificate chain, with 'keyfile'.")
            .validator(ParameterChecks::optionalReadableFile)
            .path()
            .build();
    public static final ParameterDescriptor<String> KEYFILE = ParameterDescriptor.ofString("keyfile")
            .label("Client Key")
            .help("ssl/wss: PEM private key (PKCS#8) of the client certificate.")
            .validator(ParameterChecks::optionalReadableFile)
            .path()
            .build();
    public static final ParameterDescriptor<String> ALPN = ParameterDescriptor.ofString("alpn")
            .label("ALPN Protocols")
            .help("ssl/wss: comma-separated ALPN protocol names, e.g. mqtt or x-amzn-mqtt-ca.")
            .build();
    public static final ParameterDescriptor<String> USERNAME = ParameterDescriptor.ofString("username")
            .label("Username")
            .help("Broker user name (empty = none).")
            .build();
    public static final ParameterDescriptor<Secret> PASSWORD = ParameterDescriptor.ofSecret("password")
            .label("Password")
            .help("Broker password; in graph files only as {\"env\": \"VARIABLE\"}.")
            .build();
    public static final ParameterDescriptor<Boolean> RECONNECT = ParameterDescriptor.ofPulse("reconnect")
            .label("Reconnect")
            .help("Drops the connection and connects again.")
            .build();
    public static final ParameterDescriptor<String> CONNECTION = ParameterDescriptor.ofString("connection")
            .label("Shared Connection")
            .help("Nodes naming the same connection share one broker connection (opened with the settings of the"
                    + " first one); empty = a connection of its own.")
            .build();
    public static final ParameterDescriptor<Map<String, String>> USERPROPS = ParameterDescriptor.ofDict("userprops")
            .label("User Properties")
            .help("MQTT 5 user properties sent with CONNECT and with every publish.")
            .build();

    // ------------------------------------------------------------------ Last Will

    public static final ParameterDescriptor<String> WILLTOPIC = ParameterDescriptor.ofString("willtopic")
            .label("Will Topic")
            .help("Topic of the Last Will message (empty = no will).")
            .validator(ValueCheck.of(ParameterChecks::optionalTopicName))
            .build();
    public static final ParameterDescriptor<String> WILLPAYLOAD = ParameterDescriptor.ofString("willpayload")
            .label("Will Payload")
            .help("UTF-8 payload of the Last Will message.")
            .build();
    public static final ParameterDescriptor<Integer> WILLQOS = ParameterDescriptor.ofInt("willqos")
            .label("Will QoS")
            .defaultValue(0)
            .range(0, 2)
            .help("QoS of the Last Will message.")
            .build();
    public static final ParameterDescriptor<Boolean> WILLRETAIN = ParameterDescriptor.ofToggle("willretain")
            .label("Will Retain")
            .defaultValue(false)
            .help("Retain the Last Will message.")
            .build();
    public static final ParameterDescriptor<Integer> WILLDELAY = ParameterDescriptor.ofInt("willdelay")
            .label("Will Delay")
            .defaultValue(0)
            .range(0, Integer.MAX_VALUE)
            .help("MQTT 5: seconds the broker waits before publishing the will.")
            .build();

    // ------------------------------------------------------------------ Subscriptions and Received Data page

    public static final ParameterDescriptor<List<SubscriptionSpec>> SUBSCRIPTIONS = ParameterDescriptor.ofList(
                    "subscriptions", SubscriptionSpec.CODEC)
            .label("Subscriptions")
            .help("Topic filters subscribed on every connection (kept across reconnects and broker restarts).")
            .validator(ValueCheck.of(ParameterChecks::subscriptions))
            .build();
    public static final ParameterDescriptor<Boolean> CLAMP = ParameterDescriptor.ofToggle("clamp")
            .label("Clamp Output")
            .defaultValue(true)
            .help(
                    "Keep at most 'maxlines' rows. Off keeps up to 1,000,000 rows (a hard bound so memory stays bounded).")
            .build();
    public static final ParameterDescriptor<Integer> MAXLINES = ParameterDescriptor.ofInt("maxlines")
            .label("Maximum Lines")
            .defaultValue(100)
            .range(1, 10_000_000)
            .help("Rows kept when 'clamp' is on; the oldest row is dropped first.")
            .build();
    public static final ParameterDescriptor<Integer> MAXBYTES = ParameterDescriptor.ofInt("maxbytes")
            .label("Maximum Bytes")
            .defaultValue(64 << 20)
            .range(1 << 10, Integer.MAX_VALUE)
            .help("Bytes the rows may hold (their cells' text and raw bytes, about); 67108864 = 64 MiB. Beyond it the"
                    + " oldest rows are dropped, as beyond 'maxlines' (the newest row always stays): large messages"
                    + " cannot fill the heap through the table.")
            .build();
    public static final ParameterDescriptor<Boolean> CLEAR = ParameterDescriptor.ofPulse("clear")
            .label("Clear Output")
            .help("Deletes all rows except the header.")
            .build();
    public static final ParameterDescriptor<Boolean> BYTES = ParameterDescriptor.ofToggle("bytes")
            .label("Bytes Column")
            .defaultValue(false)
            .help("Adds a 'bytes' column with the raw payload bytes (hex as text; the bytes themselves as the cell's"
                    + " raw value).")
            .build();
    public static final ParameterDescriptor<PayloadFormat> FORMAT = ParameterDescriptor.ofMenu(
                    "format", PayloadFormat.class)
            .label("Payload Format")
            .help("How the payload column shows the bytes: auto (UTF-8 text, else base64),"
                    + " string, json (compact), base64 or bytes (hex).")
            .build();
    public static final ParameterDescriptor<Map<String, String>> COLUMNS = ParameterDescriptor.ofDict("columns")
            .label("JSON Columns")
            .help("Column name = JSON pointer into a JSON payload, e.g. temp=/data/temp. A payload that is not JSON"
                    + " leaves these cells empty and counts in 'json_errors'.")
            .validator(ValueCheck.of(ParameterChecks::jsonColumns))
            .build();
    /**
     * {@return a value for {@link #COLUMNS} that keeps the given order (name, pointer, name, pointer, ...)} The
     * columns appear in the table in this order; {@code Map.of} has no order, so builders should use this.
     */
    public static Map<String, String> columns(String... nameThenPointer) {
        if (nameThenPointer.length % 2 != 0) {
            throw new IllegalArgumentException("columns(...) takes pairs: name, JSON pointer, name, JSON pointer, ...");
        }
        Map<String, String> ordered = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameThenPointer.length; i += 2) {
            ordered.put(nameThenPointer[i], nameThenPointer[i + 1]);
        }
        return ordered;
    }

    public static final ParameterDescriptor<Boolean> TIMESTAMP = ParameterDescriptor.ofToggle("timestamp")
            .label("Timestamp Column")
            .defaultValue(false)
            .help("Adds a 'timestamp' column: when the client received the message (UTC, ISO-8601).")
            .build();
    public static final ParameterDescriptor<Boolean> PROPERTIES = ParameterDescriptor.ofToggle("properties")
            .label("MQTT 5 Property Columns")
            .defaultValue(false)
            .help("Adds content_type, response_topic, correlation_data and user_properties (JSON) columns.")
            .build();
    public static final ParameterDescriptor<Integer> INBOX = ParameterDescriptor.ofInt("inbox")
            .label("Inbox Size")
            .defaultValue(10_000)
            .range(1, 1_000_000)
            .help("Messages that may wait for the next cook (see also 'inboxbytes'). When full, QoS 1/2 messages are"
                    + " held unacknowledged (the broker waits; none is ever dropped) and arriving QoS 0 messages are"
                    + " dropped (counted in 'dropped'). Applies on start.")
            .build();
    public static final ParameterDescriptor<Integer> INBOXBYTES = ParameterDescriptor.ofInt("inboxbytes")
            .label("Inbox Bytes")
            .defaultValue(64 << 20)
            .range(1 << 10, Integer.MAX_VALUE)
            .help("Bytes of messages (payload, topic and about 128 bytes each) that may wait for the next cook;"
                    + " 67108864 = 64 MiB. Full in bytes works as full in messages: QoS 1/2 held unacknowledged, QoS 0"
                    + " dropped. One message larger than this still passes when nothing else waits. Applies on start.")
            .build();
    public static final ParameterDescriptor<Integer> MAXPACKETSIZE = ParameterDescriptor.ofInt("maxpacketsize")
            .label("Max Packet Size")
            .defaultValue(16 << 20)
            .range(64, 268_435_460)
            .help("Largest packet (a message with its topic and headers) accepted from the broker, in bytes;"
                    + " 16777216 = 16 MiB, 268435460 = the protocol's limit. MQTT 5 announces it in CONNECT and the"
                    + " broker does not send larger messages to this client; MQTT 3.1.1 cannot announce it, so a larger"
                    + " packet closes the connection with an error naming both sizes.")
            .build();

    /** The hard bound on rows when 'clamp' is off. */
    static final int UNCLAMPED_ROWS = 1_000_000;
    /** Messages turned into rows per cook at most; the rest waits for the next frame. */
    static final int MAX_ROWS_PER_COOK = 50_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final OperatorType TYPE = OperatorType.define("mqttClient", Family.DAT)
            .parameters(
                    ACTIVE,
                    NETADDRESS,
                    MQTTVERSION,
                    SPECIFYID,
                    USERCID,
                    KEEPALIVE,
                    MAXINFLIGHT,
                    CLEANSESSION,
                    SESSIONEXPIRY,
                    QOS2GUARD,
                    VERIFYCERT,
                    CAFILE,
                    CERTFILE,
                    KEYFILE,
                    ALPN,
                    USERNAME,
                    PASSWORD,
                    RECONNECT,
                    CONNECTION,
                    USERPROPS,
                    WILLTOPIC,
                    WILLPAYLOAD,
                    WILLQOS,
                    WILLRETAIN,
                    WILLDELAY,
                    SUBSCRIPTIONS,
                    CLAMP,
                    MAXLINES,
                    MAXBYTES,
                    CLEAR,
                    BYTES,
                    FORMAT,
                    COLUMNS,
                    TIMESTAMP,
                    PROPERTIES,
                    INBOX,
                    INBOXBYTES,
                    MAXPACKETSIZE)
            .input(PortSpec.dat("publish", "rows to publish: columns topic, payload and optionally qos, retain")
                    .optional())
            .cookAlways()
            .doc(MqttClientDatDoc.DOC)
            .build(MqttClientDat::new);

    private OperatorContext context;
    private Inbox<LinkEvent> events;
    private LinkUser user;
    private MqttLink link;
    private String linkName = "";
    private MqttClientView view;
    private RowFormat rows;
    private final RowBytes rowBytes = new RowBytes();
    private List<SubscriptionSpec> subscribed = List.of();
    /** Filters subscribed through {@code subscribe()}; re-sent on a new connection. */
    private final Map<String, Integer> dynamicSubscriptions = new LinkedHashMap<>();

    private final JsonNode[] parsed = new JsonNode[2];
    private String invalid; // what is wrong with the parameters, or null
    private String problem; // a connection problem shown on every cook until it clears
    private boolean problemIsError;
    private String cookWarning; // a problem of a request made during this cook (publish, subscribe)
    private long received;
    private long lastInputSeq = Long.MIN_VALUE;
    private String timeText = "";
    private CookContext cooking;

    @Override
    public void onStart(OperatorContext ctx) {
        context = ctx;
        events = ctx.newInbox(4096);
        user = new LinkUser(ctx.par(INBOX), ctx.par(INBOXBYTES), events, ctx::wakeup);
        view = new MqttClientView(this, ctx.me());
    }

    @Override
    public void cook(CookContext ctx) {
        cooking = ctx;
        cookWarning = null;
        try {
            boolean changed = parametersChanged(ctx);
            // Validation and the connection settings only change with the parameters; a problem is looked at again on
            // every cook (a missing file may appear).
            if (changed || invalid != null) invalid = validate(ctx);
            if (invalid != null) {
                closeLink();
                ctx.error(invalid);
                reportInfo(ctx);
                return;
            }
            updateConnection(ctx, changed);
            updateTable(ctx);
            Callbacks callbacks = ctx.callbacks();
            user.wantsPublishEvents = callbacks.has("onPublish");
            handleEvents(callbacks);
            receiveMessages(ctx, callbacks);
            publishInputRows(ctx);
            reportInfo(ctx);
            if (problem != null) {
                if (problemIsError) ctx.error(problem);
                else ctx.warning(problem);
            } else if (cookWarning != null) {
                ctx.warning(cookWarning);
            }
        } finally {
            cooking = null;
        }
    }

    @Override
    public void onStop(boolean removed) {
        closeLink();
        if (user != null) user.close();
    }

    // ------------------------------------------------------------------ parameters -> connection

    private static boolean parametersChanged(CookContext ctx) {
        if (ctx.firstCook()) return true;
        for (ParameterDescriptor<?> p : TYPE.parameters()) {
            if (ctx.parChanged(p)) return true;
        }
        return false;
    }

    /**
     * The cook-time check of what the node reads (values may come from expressions, which load-time validation does
     * not see), plus the rules that tie parameters together.
     *
     * @return null when the parameters make sense, else what is wrong, naming the parameter and the fix
     */
    private static String validate(CookContext ctx) {
        String problem;
        if ((problem = ParameterChecks.brokerUrl(ctx.par(NETADDRESS))) != null)
            return "parameter 'netaddress': " + problem;
        if (ctx.par(SPECIFYID) && ctx.par(USERCID).isEmpty()) {
            return "parameter 'usercid' is empty while 'specifyid' is on; set a client id or turn 'specifyid' off";
        }
        if (!ctx.par(CLEANSESSION) && !ctx.par(SPECIFYID)) {
            return "parameter 'cleansession' is off but 'specifyid' is off too: a session can only be resumed under a"
                    + " fixed client id; set 'usercid' and turn 'specifyid' on";
        }
        if ((problem = ParameterChecks.subscriptions(ctx.par(SUBSCRIPTIONS))) != null) {
            return "parameter 'subscriptions': " + problem;
        }
        if ((problem = ParameterChecks.optionalTopicName(ctx.par(WILLTOPIC))) != null) {
            return "parameter 'willtopic': " + problem;
        }
        for (ParameterDescriptor<String> file : List.of(CAFILE, CERTFILE, KEYFILE)) {
            String path = ctx.par(file);
            if (!path.isEmpty()
                    && (problem = ParameterChecks.optionalReadableFile(
                                    ctx.resolvePath(path).toString(), null))
                            != null) {
                return "parameter '" + file.name() + "': " + problem;
            }
        }
        if (ctx.par(CERTFILE).isEmpty() != ctx.par(KEYFILE).isEmpty()) {
            return "parameters 'certfile' and 'keyfile' go together: set both or neither";
        }
        if ((problem = ParameterChecks.jsonColumns(ctx.par(COLUMNS))) != null) return "parameter 'columns': " + problem;
        return null;
    }

    private LinkConfig linkConfig(CookContext ctx) {
        List<String> alpn = Arrays.stream(ctx.par(ALPN).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        return new LinkConfig(
                ctx.par(NETADDRESS),
                "5".equals(ctx.par(MQTTVERSION)),
                ctx.par(SPECIFYID) ? ctx.par(USERCID) : "",
                ctx.par(KEEPALIVE),
                ctx.par(MAXINFLIGHT),
                ctx.par(CLEANSESSION),
                ctx.par(SESSIONEXPIRY),
                ctx.par(QOS2GUARD),
                ctx.par(VERIFYCERT),
                file(ctx, CAFILE),
                file(ctx, CERTFILE),
                file(ctx, KEYFILE),
                alpn,
                ctx.par(USERNAME),
                ctx.par(PASSWORD).reveal(),
                ctx.par(USERPROPS),
                ctx.par(WILLTOPIC),
                ctx.par(WILLPAYLOAD),
                ctx.par(WILLQOS),
                ctx.par(WILLRETAIN),
                ctx.par(WILLDELAY),
                ctx.par(MAXPACKETSIZE));
    }

    /** {@return a file parameter resolved against the graph's folder, or "" when unset} */
    private static String file(CookContext ctx, ParameterDescriptor<String> p) {
        String path = ctx.par(p);
        return path.isEmpty() ? "" : ctx.resolvePath(path).toString();
    }

    /** Opens, replaces or closes the connection and brings subscriptions in line with the parameters. */
    private void updateConnection(CookContext ctx, boolean parametersChanged) {
        if (!ctx.par(ACTIVE)) {
            closeLink();
            problem = null;
            return;
        }
        if (link != null && !parametersChanged && !ctx.pulsed(RECONNECT)) return;
        LinkConfig wanted = linkConfig(ctx);
        String name = ctx.par(CONNECTION);
        boolean restart = link == null
                || !name.equals(linkName)
                || ctx.pulsed(RECONNECT)
                || (name.isEmpty() && !wanted.equals(link.config));
        if (restart) {
            closeLink();
            if (!name.isEmpty()) {
                LinkConfig other = MqttLink.sharedConfigIfDifferent(name, wanted);
                if (other != null) {
                    cookWarning = "connection '" + name + "' is already open with other settings (" + other
                            + "); this node uses it as it is";
                }
            }
            problem = "connecting to " + wanted.url();
            problemIsError = false;
            link = MqttLink.open(name, wanted, user);
            linkName = name;
            subscribed = ctx.par(SUBSCRIPTIONS);
            link.subscribe(user, subscribed);
            List<SubscriptionSpec> dynamic = new ArrayList<>();
            dynamicSubscriptions.forEach((topic, qos) -> dynamic.add(SubscriptionSpec.of(topic, qos)));
            link.subscribe(user, dynamic);
        } else if (ctx.parChanged(SUBSCRIPTIONS)) {
            applySubscriptionChange(ctx.par(SUBSCRIPTIONS));
        }
    }

    /** Unsubscribes what left the list and subscribes what is new or changed, without reconnecting. */
    private void applySubscriptionChange(List<SubscriptionSpec> wanted) {
        List<String> gone = new ArrayList<>();
        for (SubscriptionSpec old : subscribed) {
            if (wanted.stream().noneMatch(s -> s.topic().equals(old.topic()))) gone.add(old.topic());
        }
        List<SubscriptionSpec> added =
                wanted.stream().filter(s -> !subscribed.contains(s)).toList();
        subscribed = wanted;
        link.unsubscribe(user, gone);
        link.subscribe(user, added);
    }

    private void closeLink() {
        if (link != null) {
            link.release(user);
            link = null;
            linkName = "";
        }
    }

    // ------------------------------------------------------------------ table layout

    private void updateTable(CookContext ctx) {
        OutputTable out = ctx.output();
        if (rows == null
                || ctx.parChanged(FORMAT)
                || ctx.parChanged(COLUMNS)
                || ctx.parChanged(BYTES)
                || ctx.parChanged(TIMESTAMP)
                || ctx.parChanged(PROPERTIES)) {
            long jsonErrors = rows == null ? 0 : rows.jsonErrors;
            rows = new RowFormat(
                    ctx.par(FORMAT), ctx.par(TIMESTAMP), ctx.par(BYTES), ctx.par(PROPERTIES), ctx.par(COLUMNS));
            rows.jsonErrors = jsonErrors;
            String[] header = rows.header();
            boolean changed = out.numCols() != header.length;
            for (int c = 0; !changed && c < header.length; c++) changed = !header[c].equals(out.header(c));
            if (changed) {
                out.clear(); // old rows have the old layout
                out.setHeader(header);
            }
        }
        out.setMaxRows(ctx.par(CLAMP) ? ctx.par(MAXLINES) : UNCLAMPED_ROWS);
        if (ctx.pulsed(CLEAR)) out.clear();
        rowBytes.keepNewest(out.numRows());
        dropRowsBeyond(out, ctx.par(MAXBYTES));
    }

    // ------------------------------------------------------------------ events and messages -> callbacks and rows

    private void handleEvents(Callbacks callbacks) {
        LinkEvent event;
        while ((event = events.poll()) != null) {
            if (event instanceof LinkEvent.Connected) {
                problem = null;
                callbacks.invoke("onConnect", view);
            } else if (event instanceof LinkEvent.ConnectFailed f) {
                problem = "cannot connect to " + (link != null ? link.config.url() : "the broker") + ": " + f.reason()
                        + (f.retrying() ? "; retrying" : "; fix the parameters or pulse 'reconnect'");
                problemIsError = f.needsFix();
                callbacks.invoke("onConnectFailure", view, f.reason());
            } else if (event instanceof LinkEvent.ConnectionLost l) {
                problem = "connection lost: " + l.reason() + "; reconnecting";
                problemIsError = false;
                callbacks.invoke("onConnectionLost", view, l.reason());
            } else if (event instanceof LinkEvent.Subscribed s) {
                callbacks.invoke("onSubscribe", view, s.topics());
            } else if (event instanceof LinkEvent.SubscribeFailed s) {
                cookWarning = "subscribe to " + s.topics() + " failed: " + s.reason();
                callbacks.invoke("onSubscribeFailure", view, s.reason(), s.topics());
            } else if (event instanceof LinkEvent.Unsubscribed u) {
                callbacks.invoke("onUnsubscribe", view, u.topics());
            } else if (event instanceof LinkEvent.UnsubscribeFailed u) {
                cookWarning = "unsubscribe from " + u.topics() + " failed: " + u.reason();
                callbacks.invoke("onUnsubscribeFailure", view, u.reason(), u.topics());
            } else if (event instanceof LinkEvent.Published p) {
                callbacks.invoke("onPublish", view, p.topic());
            } else if (event instanceof LinkEvent.PublishFailed p) {
                cookWarning = "publish to '" + p.topic() + "' failed: " + p.reason();
            }
        }
    }

    /**
     * Takes the messages waiting now (at most {@link #MAX_ROWS_PER_COOK}): each one reaches {@code onMessage} and
     * counts in {@code received}, but only those that will still be in the table at the end of this cook become rows.
     * When more than {@code maxlines} messages arrived since the last cook, the older ones would be appended and
     * dropped again in this same cook, never seen by anyone: making their rows (payload decoding, JSON columns) is
     * skipped. Each row is appended before its own {@code onMessage} runs, so the callback finds its message's row.
     */
    private void receiveMessages(CookContext ctx, Callbacks callbacks) {
        OutputTable out = ctx.output();
        Callbacks.Function onMessage = callbacks.function("onMessage");
        timeText = secondsText(ctx.seconds());
        MessageRing ring = user.messages;
        int waiting = Math.min(ring.size(), MAX_ROWS_PER_COOK);
        int bound = out.maxRows();
        int firstRow = bound == 0 ? 0 : Math.max(0, waiting - bound);
        // The messages before firstRow would be pushed out by the ones after them in this same cook: no row is built
        // for them, but the table's sequence numbers and delta end as if they had been appended one by one.
        if (firstRow > 0) {
            out.skipRows(firstRow);
            rowBytes.keepNewest(out.numRows());
        }
        long maxBytes = ctx.par(MAXBYTES);
        int taken = 0;
        long jsonErrorsBefore = rows.jsonErrors;
        while (taken < waiting) {
            InboundMessage m = ring.poll();
            if (m == null) break;
            boolean row = taken++ >= firstRow;
            if (!row && onMessage == null) continue;
            parsed[0] = null;
            parsed[1] = null;
            String payload = rows.payloadText(m, parsed);
            if (row) appendRow(out, rows.row(m, timeText, payload, parsed), rows.rawCells(m), maxBytes);
            if (onMessage != null) {
                onMessage.invoke(view, m.getTopic(), payload, m.getQos(), m.isRetained(), m.isDup(), m);
            }
        }
        ring.wakeProducer();
        received += taken;
        long notJson = rows.jsonErrors - jsonErrorsBefore;
        if (notJson > 0 && cookWarning == null) {
            cookWarning = notJson + (notJson == 1 ? " payload was" : " payloads were") + " not JSON: "
                    + (ctx.par(COLUMNS).isEmpty() ? "the payload cell is" : "the 'columns' cells are")
                    + " empty in " + (notJson == 1 ? "its row" : "their rows")
                    + " (info 'json_errors' counts them all)";
        }
        if (ring.size() > 0) ctx.requestCookNextFrame();
    }

    /** Appends a row and drops the oldest rows while the table holds more than {@code maxBytes}. */
    private void appendRow(OutputTable out, String[] cells, byte[][] raw, long maxBytes) {
        out.appendRow(cells, raw);
        rowBytes.keepNewest(out.numRows() - 1); // the table may have dropped its oldest row for 'maxlines'
        rowBytes.appended(RowBytes.of(cells, raw));
        dropRowsBeyond(out, maxBytes);
    }

    private void dropRowsBeyond(OutputTable out, long maxBytes) {
        while (rowBytes.total() > maxBytes && out.numRows() > 1) {
            out.dropHead(1);
            rowBytes.keepNewest(out.numRows());
        }
    }

    /**
     * The {@code time} cell: patch seconds with 3 decimals, exactly as {@code %.3f} prints them (half-up on the
     * shortest decimal form of the double) but without a Formatter and its locale look-ups on every cook.
     */
    static String secondsText(double seconds) {
        return new java.math.BigDecimal(Double.toString(seconds))
                .setScale(3, java.math.RoundingMode.HALF_UP)
                .toPlainString();
    }

    // ------------------------------------------------------------------ input DAT -> publishes

    /** Publishes every input row not published yet (rows are identified by their sequence number). */
    private void publishInputRows(CookContext ctx) {
        if (ctx.numInputs() == 0 || !ctx.inputChanged(0) && lastInputSeq != Long.MIN_VALUE) return;
        Table in = ctx.input(0);
        int topicCol = in.col("topic");
        int payloadCol = in.col("payload");
        if (in.numRows() > 0 && (topicCol < 0 || payloadCol < 0)) {
            cookWarning =
                    "input 'publish' needs columns 'topic' and 'payload' (optional 'qos', 'retain'); its header is "
                            + header(in);
            return;
        }
        int qosCol = in.col("qos");
        int retainCol = in.col("retain");
        long first = in.firstRowSeq();
        int start = (int)
                Math.max(0, Math.min(in.numRows(), lastInputSeq == Long.MIN_VALUE ? 0 : lastInputSeq + 1 - first));
        for (int r = start; r < in.numRows(); r++) {
            int qos = qosCol < 0 ? 0 : parseQos(in.cell(r, qosCol));
            boolean retain = retainCol >= 0 && isTrue(in.cell(r, retainCol));
            if (qos < 0) {
                cookWarning = "input row " + r + ": qos '" + in.cell(r, qosCol) + "' is not 0, 1 or 2; row skipped";
                continue;
            }
            publish(in.cell(r, topicCol), in.cell(r, payloadCol), qos, retain, null);
        }
        lastInputSeq = first + in.numRows() - 1;
    }

    private static String header(Table t) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < t.numCols(); c++) names.add(t.header(c));
        return names.toString();
    }

    private static int parseQos(String text) {
        return switch (text.trim()) {
            case "", "0" -> 0;
            case "1" -> 1;
            case "2" -> 2;
            default -> -1;
        };
    }

    private static boolean isTrue(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return t.equals("1") || t.equals("true") || t.equals("yes") || t.equals("on");
    }

    // ------------------------------------------------------------------ methods behind MqttClientView

    boolean publish(String topic, Object payload, int qos, boolean retain, Map<String, ?> properties) {
        if (link == null) {
            return refuse("publish to '" + topic + "' ignored: the node is not active (turn 'active' on)");
        }
        if (topic == null || !Topics.isValidName(topic)) {
            return refuse("publish to '" + topic + "' refused: not a valid topic name (no + or #, not empty)");
        }
        if (qos < 0 || qos > 2) return refuse("publish to '" + topic + "' refused: qos must be 0, 1 or 2, got " + qos);
        if (link.isPublishQueueFull()) {
            return refuse("publish to '" + topic + "' refused: the publish queue is full (the broker is slow or away)");
        }
        byte[] bytes;
        try {
            bytes = payloadBytes(payload);
        } catch (JsonProcessingException e) {
            return refuse("publish to '" + topic + "' refused: payload cannot be written as JSON: " + e.getMessage());
        }
        PublishProperties props = publishProperties(properties);
        link.publish(
                user,
                topic,
                bytes.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes),
                Qos.of(qos),
                retain,
                props);
        return true;
    }

    void subscribe(List<String> topics, int qos) {
        if (qos < 0 || qos > 2) {
            refuse("subscribe refused: qos must be 0, 1 or 2, got " + qos);
            return;
        }
        List<SubscriptionSpec> specs = new ArrayList<>();
        for (String topic : topics) {
            if (!Topics.isValidFilter(topic)) {
                refuse("subscribe to '" + topic + "' refused: not a valid topic filter");
                return;
            }
            dynamicSubscriptions.put(topic, qos);
            specs.add(SubscriptionSpec.of(topic, qos));
        }
        if (link != null) link.subscribe(user, specs);
    }

    void unsubscribe(List<String> topics) {
        topics.forEach(dynamicSubscriptions::remove);
        if (link != null) link.unsubscribe(user, topics);
    }

    boolean isConnected() {
        return link != null && link.isConnected();
    }

    private boolean refuse(String message) {
        cookWarning = message;
        if (cooking == null) context.report(NodeState.WARNING, message);
        return false;
    }

    private static byte[] payloadBytes(Object payload) throws JsonProcessingException {
        if (payload == null) return new byte[0];
        if (payload instanceof byte[] b) return b.clone();
        if (payload instanceof CharSequence s) return s.toString().getBytes(StandardCharsets.UTF_8);
        if (payload instanceof Map<?, ?> || payload instanceof Collection<?>) return JSON.writeValueAsBytes(payload);
        return String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
    }

    private PublishProperties publishProperties(Map<String, ?> properties) {
        Map<String, String> userProps = context.par(USERPROPS);
        if ((properties == null || properties.isEmpty()) && userProps.isEmpty()) return PublishProperties.NONE;
        PublishProperties.Builder b = PublishProperties.builder();
        Map<String, String> up = new LinkedHashMap<>(userProps);
        if (properties != null) {
            Object v;
            if ((v = properties.get("contentType")) != null) b.contentType(v.toString());
            if ((v = properties.get("responseTopic")) != null) b.responseTopic(v.toString());
            if ((v = properties.get("correlationData")) != null) {
                b.correlationData(v instanceof byte[] bytes ? BinaryData.of(bytes) : BinaryData.ofUtf8(v.toString()));
            }
            if ((v = properties.get("messageExpiry")) != null) b.messageExpiryInterval(((Number) v).longValue());
            if ((v = properties.get("userProperties")) instanceof Map<?, ?> m) {
                m.forEach((k, val) -> up.put(String.valueOf(k), String.valueOf(val)));
            }
        }
        if (!up.isEmpty()) b.userProperties(LinkConfig.userProperties(up));
        return b.build();
    }

    // ------------------------------------------------------------------ info

    private void reportInfo(CookContext ctx) {
        ctx.info("connected", isConnected() ? 1 : 0);
        ctx.info("messages_pending", user.messages.size());
        ctx.info("messages_pending_bytes", user.messages.bytes());
        ctx.info("received", received);
        ctx.info("published", user.published.get());
        ctx.info("dropped", user.messages.dropped());
        ctx.info("reconnects", link == null ? 0 : link.reconnects);
        ctx.info("inflight", user.inflight.get());
        ctx.info("json_errors", rows == null ? 0 : rows.jsonErrors);
        ctx.info("publish_failures", user.publishFailures.get());
    }
}
