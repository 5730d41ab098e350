package dev.patchline.nodes.mqtt;

import dev.patchline.runtime.op.OperatorDoc;

/** The reference documentation of the MQTT Client DAT, including the TouchDesigner migration table. */
final class MqttClientDatDoc {
    private MqttClientDatDoc() {}

    static final String DETAILS = """
            Connects to an MQTT 3.1.1 or 5.0 broker (`tcp`, `ssl`, `ws`, `wss`), subscribes to the `subscriptions` \
            list on every connection, and appends one row per received message. Each cook appends the new rows as a \
            delta; beyond `maxlines` rows or `maxbytes` bytes of cells the oldest rows are dropped (a bounded FIFO, \
            100 rows and 64 MiB by default; the newest row always stays).

            **Columns**: `time` (patch seconds of the cook that added the row), `topic`, `payload` (per `format`), \
            `qos`, `retained` and `dup` (`1`/`0`); optional `timestamp` (UTC receive time), `bytes` (raw payload), \
            `content_type`, `response_topic`, `correlation_data`, `user_properties` (MQTT 5, with `properties`), then \
            one column per `columns` entry (`name` = JSON pointer, e.g. `temp` = `/data/temp`). A `columns` cell \
            holds a string's value, a number's or boolean's JSON text as sent (`21.50` stays `21.50`), the compact \
            JSON of an object or array, or nothing for `null`, a missing value or a payload that is not JSON (counted \
            in `json_errors`, with a warning on the node). The payload is read once, without building a tree, and \
            only as far as the last wanted value.

            **Many messages per cook**: every message reaches `onMessage` and counts in `received`, in order. When \
            more than `maxlines` arrived since the last cook, only the newest `maxlines` become rows (the older ones \
            would be dropped again in the same cook); each row is in the table before its own `onMessage` runs. The \
            `columns` of the older ones are never read, so `json_errors` counts only the payloads that became rows.

            **Publishing**: every new row of the optional input DAT with columns `topic`, `payload` (and optionally \
            `qos`, `retain`) is published; rows present at start are published once. From callbacks and scripts: \
            `dat.publish(topic, payload, qos=0, retain=false[, properties])`, `dat.subscribe(topic or list, qos=0)`, \
            `dat.unsubscribe(topic or list)`, `dat.isConnected`.

            **Backpressure and what can be dropped**: received messages wait in a bounded inbox until the next \
            cook: at most `inbox` messages (10,000) and `inboxbytes` bytes (64 MiB; payload, topic and about 128 \
            bytes per message; one larger message still passes when nothing else waits). A QoS 1/2 message is \
            acknowledged (PUBACK/PUBREC) only once it is in the inbox and is never dropped from it: every one \
            reaches `onMessage` once, in order. When the inbox is full, the client leaves the next QoS 1/2 message \
            unacknowledged and stops reading, so the broker holds the rest; an arriving QoS 0 message is dropped \
            (the newest, never one already waiting) and counted in `dropped`, which counts nothing else. Messages \
            larger than `maxpacketsize` (16 MiB) are not accepted: an MQTT 5 broker does not send them to this \
            client (the limit is announced in CONNECT, MQTT-3.1.2-24); with MQTT 3.1.1 such a packet closes the \
            connection with an error naming its size and the limit. Memory stays bounded whatever the publishers do.

            **Changes while running**: connection parameters (address, id, credentials, TLS, will, version) reconnect; \
            `subscriptions` changes subscribe/unsubscribe the difference on the open connection; `active` off \
            disconnects. An unreachable broker shows a warning with the reason and is retried (0.1 s, then 0.5 s \
            doubling up to 10 s); a refused CONNECT (e.g. bad credentials) is an error until a parameter changes or \
            `reconnect` is pulsed.

            **Shared connection**: nodes with the same `connection` name use one broker connection (opened with the \
            settings of the first node); each node gets the messages of its own subscriptions.

            ### Coming from TouchDesigner

            | TouchDesigner | Patchline |
            |---|---|
            | `active`, `netaddress`, `specifyid`, `usercid`, `keepalive`, `maxinflight`, `cleansession`, `verifycert`, `username`, `reconnect`, `clamp`, `maxlines`, `clear`, `bytes` | same names, same meaning |
            | `password` | `password`, a secret: `{"env": "MQTT_PASSWORD"}` in graph files |
            | `callbacks` (Callbacks DAT), `executeloc`, `fromop` | the node's `callbacks` (Groovy file, inline script or Java object) |
            | Clamp Output off = unlimited | `clamp` off keeps up to 1,000,000 rows (memory stays bounded) |
            | subscribing in `onConnect` | the `subscriptions` parameter (re-sent on every connection); `dat.subscribe` still works |
            | `onConnect(dat)` | `onConnect(dat)` |
            | `onConnectFailure(dat, msg)` | `onConnectFailure(dat, msg)` |
            | `onConnectionLost(dat, msg)` | `onConnectionLost(dat, msg)` |
            | `onSubscribe(dat)` | `onSubscribe(dat, topics)` |
            | `onSubscribeFailure(dat, msg)` | `onSubscribeFailure(dat, msg, topics)` |
            | `onUnsubscribe(dat)` | `onUnsubscribe(dat, topics)` |
            | `onUnsubscribeFailure(dat, msg)` | `onUnsubscribeFailure(dat, msg, topics)` |
            | `onPublish(dat)` / `onPublish(dat, topic)` | `onPublish(dat, topic)`, after PUBACK/PUBCOMP (QoS 1/2) or the write (QoS 0) |
            | `onMessage(dat, topic, payload, qos, retained, dup)` (payload bytes) | same, payload is the `payload` cell text; a 7th argument `msg` has `bytes`, `contentType`, `responseTopic`, `correlationData`, `userProperties` |
            | `publish(topic, payload, qos=0, retain=False)` | `dat.publish(...)`, payload String, byte[], Map/List (JSON) |
            | `subscribe(topic, qos=0)`, `unsubscribe(topic)`, `isConnected` | same |
            | Info CHOP `connected`, `messages_pending` | info channels `connected`, `messages_pending`, plus `received`, `published`, `dropped`, `reconnects`, `inflight`, `json_errors`, `publish_failures` |
            | not available | `mqttversion`, `subscriptions`, will, `sessionexpiry`, `qos2guard`, `cafile`/`certfile`/`keyfile`, `alpn`, `userprops`, `format`, `columns`, `timestamp`, `properties`, `connection`, `inbox`, `inboxbytes`, `maxpacketsize`, `maxbytes`, input DAT publishing |
            """;

    static final OperatorDoc DOC = OperatorDoc.builder("Receives MQTT messages as rows and publishes rows, like"
                    + " TouchDesigner's MQTT Client DAT, with MQTT 5 and backpressure.")
            .label("MQTT Client DAT")
            .details(DETAILS)
            .port("publish", "optional; each new row (topic, payload[, qos, retain]) is published")
            .callback("onConnect", "the connection to the broker is up (again)", "dat")
            .callback("onConnectFailure", "a connection attempt failed; msg says why", "dat", "msg")
            .callback("onConnectionLost", "an established connection ended; the client reconnects", "dat", "msg")
            .callback("onSubscribe", "the broker granted a subscription", "dat", "topics")
            .callback(
                    "onSubscribeFailure",
                    "the broker refused a subscription or it could not be sent",
                    "dat",
                    "msg",
                    "topics")
            .callback("onUnsubscribe", "the broker confirmed an unsubscribe", "dat", "topics")
            .callback("onUnsubscribeFailure", "an unsubscribe failed", "dat", "msg", "topics")
            .callback(
                    "onPublish", "a publish completed (QoS 1: PUBACK, QoS 2: PUBCOMP, QoS 0: written)", "dat", "topic")
            .callback(
                    "onMessage",
                    "a message arrived (its row is already in the table)",
                    "dat",
                    "topic",
                    "payload",
                    "qos",
                    "retained",
                    "dup",
                    "msg")
            .info("connected", "1 while connected to the broker")
            .info("messages_pending", "received messages waiting for the next cook")
            .info("received", "messages turned into rows since start")
            .info("published", "publishes completed since start")
            .info("messages_pending_bytes", "bytes of the received messages waiting for the next cook (see inboxbytes)")
            .info("dropped", "QoS 0 messages dropped because the inbox was full (QoS 1/2 messages are never dropped)")
            .info("reconnects", "connections after the first one")
            .info("inflight", "publishes sent or queued, not completed yet")
            .info(
                    "json_errors",
                    "payloads that were not JSON where JSON was needed (columns, format json), among the messages that became rows")
            .info("publish_failures", "publishes refused or failed")
            .build();
}
