package dev.patchline.nodes.mqtt;

/**
 * The MQTT Client DAT's callbacks as a Java interface: implement what you need and attach it with
 * {@code CallbackSpec.object(new MyCallbacks())}. They run on the cook thread, during the node's cook; an exception
 * shows as an error on the node and the graph goes on.
 */
public interface MqttClientCallbacks {

    default void onConnect(MqttClientView dat) {}

    default void onConnectFailure(MqttClientView dat, String msg) {}

    default void onConnectionLost(MqttClientView dat, String msg) {}

    default void onSubscribe(MqttClientView dat, String topics) {}

    default void onSubscribeFailure(MqttClientView dat, String msg, String topics) {}

    default void onUnsubscribe(MqttClientView dat, String topics) {}

    default void onUnsubscribeFailure(MqttClientView dat, String msg, String topics) {}

    default void onPublish(MqttClientView dat, String topic) {}

    default void onMessage(
            MqttClientView dat,
            String topic,
            String payload,
            int qos,
            boolean retained,
            boolean dup,
            InboundMessage msg) {}
}
