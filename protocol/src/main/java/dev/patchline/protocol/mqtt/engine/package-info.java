/**
 * The sans-I/O MQTT 3.1.1 / 5.0 client engine: session state, QoS 0/1/2 flows, keep-alive, topic aliases,
 * subscriptions and flow control, driven by bytes and time that a transport feeds in.
 *
 * <p>{@link dev.patchline.protocol.mqtt.engine.MqttClientEngine} never reads a clock, never touches a socket and
 * never blocks: every input carries the time ({@code nowNanos}), every output is polled
 * ({@code pollOutbound()}, {@code nextDeadlineNanos()}) or delivered synchronously to a
 * {@link dev.patchline.protocol.mqtt.engine.MqttEngineListener}.
 *
 * <p><b>Threading.</b> An engine is confined to one thread, normally the Netty event loop of its transport; it is
 * not thread-safe and takes no locks. Its listener, auth handler and the futures it returns are called and
 * completed on that thread, so dependents added with the non-async {@code CompletableFuture} methods run there
 * too and must not block. The only members safe to read from other threads are
 * {@link dev.patchline.protocol.mqtt.engine.MqttClientEngine#isPublishQueueFull()} and the immutable value types
 * ({@link dev.patchline.protocol.mqtt.engine.EngineConfig}, {@link dev.patchline.protocol.mqtt.engine.ConnectionInfo},
 * {@link dev.patchline.protocol.mqtt.engine.DisconnectInfo}, results and exceptions).
 */
package dev.patchline.protocol.mqtt.engine;
