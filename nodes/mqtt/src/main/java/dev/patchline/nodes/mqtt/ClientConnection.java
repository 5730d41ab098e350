package dev.patchline.nodes.mqtt;

import static dev.patchline.nodes.mqtt.MqttClientDat.ACTIVE;
import static dev.patchline.nodes.mqtt.MqttClientDat.ALPN;
import static dev.patchline.nodes.mqtt.MqttClientDat.CAFILE;
import static dev.patchline.nodes.mqtt.MqttClientDat.CERTFILE;
import static dev.patchline.nodes.mqtt.MqttClientDat.CLEANSESSION;
import static dev.patchline.nodes.mqtt.MqttClientDat.CONNECTION;
import static dev.patchline.nodes.mqtt.MqttClientDat.KEEPALIVE;
import static dev.patchline.nodes.mqtt.MqttClientDat.KEYFILE;
import static dev.patchline.nodes.mqtt.MqttClientDat.MAXINFLIGHT;
import static dev.patchline.nodes.mqtt.MqttClientDat.MAXPACKETSIZE;
import static dev.patchline.nodes.mqtt.MqttClientDat.MQTTVERSION;
import static dev.patchline.nodes.mqtt.MqttClientDat.NETADDRESS;
import static dev.patchline.nodes.mqtt.MqttClientDat.PASSWORD;
import static dev.patchline.nodes.mqtt.MqttClientDat.QOS2GUARD;
import static dev.patchline.nodes.mqtt.MqttClientDat.RECONNECT;
import static dev.patchline.nodes.mqtt.MqttClientDat.SESSIONEXPIRY;
import static dev.patchline.nodes.mqtt.MqttClientDat.SPECIFYID;
import static dev.patchline.nodes.mqtt.MqttClientDat.SUBSCRIPTIONS;
import static dev.patchline.nodes.mqtt.MqttClientDat.USERCID;
import static dev.patchline.nodes.mqtt.MqttClientDat.USERNAME;
import static dev.patchline.nodes.mqtt.MqttClientDat.USERPROPS;
import static dev.patchline.nodes.mqtt.MqttClientDat.VERIFYCERT;
import static dev.patchline.nodes.mqtt.MqttClientDat.WILLDELAY;
import static dev.patchline.nodes.mqtt.MqttClientDat.WILLPAYLOAD;
import static dev.patchline.nodes.mqtt.MqttClientDat.WILLQOS;
import static dev.patchline.nodes.mqtt.MqttClientDat.WILLRETAIN;
import static dev.patchline.nodes.mqtt.MqttClientDat.WILLTOPIC;

import dev.patchline.protocol.mqtt.topic.Topics;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MQTT Client DAT's connection: opens, replaces or closes its {@link MqttLink} (own or shared) as the parameters
 * say, and keeps the link's subscriptions in line with the {@code subscriptions} parameter and the filters scripts
 * subscribed to. Cook thread only.
 */
final class ClientConnection {
    private final LinkUser user;
    private final ClientStatus status;
    private MqttLink link;
    private String linkName = "";
    private List<SubscriptionSpec> subscribed = List.of();
    /** Filters subscribed through {@code subscribe()}; re-sent on a new connection. */
    private final Map<String, Integer> dynamicSubscriptions = new LinkedHashMap<>();

    ClientConnection(LinkUser user, ClientStatus status) {
        this.user = user;
        this.status = status;
    }

    /** {@return the link in use, or null while the node is not active} */
    MqttLink link() {
        return link;
    }

    /** {@return the broker address for messages: the link's, or "the broker" when there is none} */
    String brokerName() {
        return link != null ? link.config.url() : "the broker";
    }

    boolean isConnected() {
        return link != null && link.isConnected();
    }

    long reconnects() {
        return link == null ? 0 : link.reconnects;
    }

    /** Opens, replaces or closes the connection and brings subscriptions in line with the parameters. */
    void update(CookContext ctx, boolean parametersChanged) {
        if (!ctx.par(ACTIVE)) {
            close();
            status.connectionOk();
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
            close();
            if (!name.isEmpty()) {
                LinkConfig other = MqttLink.sharedConfigIfDifferent(name, wanted);
                if (other != null) {
                    status.request("connection '" + name + "' is already open with other settings (" + other
                            + "); this node uses it as it is");
                }
            }
            status.connection("connecting to " + wanted.url(), false);
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

    /** Subscribes at the script's request; the filters stay subscribed across new connections. */
    void subscribe(List<String> topics, int qos) {
        if (qos < 0 || qos > 2) {
            status.refuse("subscribe refused: qos must be 0, 1 or 2, got " + qos);
            return;
        }
        List<SubscriptionSpec> specs = new ArrayList<>();
        for (String topic : topics) {
            if (!Topics.isValidFilter(topic)) {
                status.refuse("subscribe to '" + topic + "' refused: not a valid topic filter");
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

    void close() {
        if (link != null) {
            link.release(user);
            link = null;
            linkName = "";
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

    private static LinkConfig linkConfig(CookContext ctx) {
        List<String> alpn = Arrays.stream(ctx.par(ALPN).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        return new LinkConfig(
                ctx.par(NETADDRESS),
                ctx.par(MQTTVERSION) == MqttVersion.V5,
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
}
