package dev.patchline.nodes.mqtt;

import dev.patchline.runtime.op.Callbacks;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Inbox;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.param.Secret;
import dev.patchline.runtime.param.ValueCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MQTT Client DAT: TouchDesigner's operator of that name, with MQTT 5, declarative subscriptions, JSON columns and
 * real backpressure. Messages arrive as rows (a bounded FIFO of {@code maxlines}), callbacks run on the cook thread,
 * and rows of the optional input DAT are published.
 *
 * <p>This class declares the operator (its parameters, type and the rules that tie parameters together) and runs the
 * steps of a cook in order; each step has its own class: {@link ClientConnection} (the link and its subscriptions),
 * {@link LinkEventCallbacks} (link events to callbacks), {@link MessageTable} (messages to rows), {@link Publisher}
 * (input rows and script calls to publishes) and {@link ClientStatus} (what the node shows).
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
    public static final ParameterDescriptor<MqttVersion> MQTTVERSION = ParameterDescriptor.ofMenu(
                    "mqttversion", MqttVersion.class)
            .label("MQTT Version")
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
        Map<String, String> ordered = new LinkedHashMap<>();
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

    private Inbox<LinkEvent> events;
    private LinkUser user;
    private ClientStatus status;
    private ClientConnection connection;
    private Publisher publisher;
    private MessageTable table;
    private LinkEventCallbacks linkEvents;
    private MqttClientView view;
    private String invalid; // what is wrong with the parameters, or null

    @Override
    public void onStart(OperatorContext ctx) {
        events = ctx.newInbox(4096);
        user = new LinkUser(ctx.par(INBOX), ctx.par(INBOXBYTES), events, ctx::wakeup);
        status = new ClientStatus(ctx);
        connection = new ClientConnection(user, status);
        publisher = new Publisher(ctx, connection, user, status);
        table = new MessageTable();
        view = new MqttClientView(publisher, connection, ctx.me());
        linkEvents = new LinkEventCallbacks(events, connection, status, view);
    }

    @Override
    public void cook(CookContext ctx) {
        status.cookStarts();
        try {
            boolean changed = parametersChanged(ctx);
            // Validation and the connection settings only change with the parameters; a problem is looked at again on
            // every cook (a missing file may appear).
            if (changed || invalid != null) invalid = validate(ctx);
            if (invalid != null) {
                connection.close();
                ctx.error(invalid);
                reportInfo(ctx);
                return;
            }
            connection.update(ctx, changed);
            table.layout(ctx, false);
            Callbacks callbacks = ctx.callbacks();
            user.wantsPublishEvents = callbacks.has("onPublish");
            linkEvents.dispatch(callbacks);
            long notJson = table.receive(ctx, callbacks, user.messages, view);
            if (notJson > 0 && !status.hasRequestProblem()) {
                status.request(notJson + (notJson == 1 ? " payload was" : " payloads were") + " not JSON: "
                        + (ctx.par(COLUMNS).isEmpty() ? "the payload cell is" : "the 'columns' cells are")
                        + " empty in " + (notJson == 1 ? "its row" : "their rows")
                        + " (info 'json_errors' counts them all)");
            }
            publisher.publishInputRows(ctx);
            reportInfo(ctx);
            status.show(ctx);
        } finally {
            status.cookEnds();
        }
    }

    @Override
    public void onStop(boolean removed) {
        if (connection != null) connection.close();
        if (user != null) user.close();
    }

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

    private void reportInfo(CookContext ctx) {
        ctx.info("connected", connection.isConnected() ? 1 : 0);
        ctx.info("messages_pending", user.messages.size());
        ctx.info("messages_pending_bytes", user.messages.bytes());
        ctx.info("received", table.received());
        ctx.info("published", user.published.get());
        ctx.info("dropped", user.messages.dropped());
        ctx.info("reconnects", connection.reconnects());
        ctx.info("inflight", user.inflight.get());
        ctx.info("json_errors", table.jsonErrors());
        ctx.info("publish_failures", user.publishFailures.get());
    }
}
