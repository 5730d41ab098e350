/**
 * The standalone MQTT client API: {@link dev.patchline.protocol.mqtt.client.MqttClient}, built with a builder, usable
 * without any graph.
 *
 * <p>Threading rule — which thread runs what:
 * <ul>
 *   <li>All public methods of {@code MqttClient} are thread-safe and non-blocking (except {@code close()}, which waits
 *       for the disconnect). Commands hop onto the client's Netty event loop, where the engine lives; publishes from
 *       other threads go through a lock-free inbox that the event loop drains in batches, one task per burst.</li>
 *   <li>Futures of {@code connect}, {@code publish}, {@code subscribe} and {@code unsubscribe} complete on the event
 *       loop: keep non-async dependents short; blocking {@code get()} is fine on any other thread, including in a
 *       message handler.</li>
 *   <li>{@link dev.patchline.protocol.mqtt.client.MessageHandler}s and the
 *       {@link dev.patchline.protocol.mqtt.client.ConnectionStateListener} run on the callback executor (a shared pool
 *       by default), serially and in order per client, never on the event loop; they may block.</li>
 *   <li>{@link dev.patchline.protocol.mqtt.client.InlineMessageHandler}s run on the event loop itself, in order; they
 *       must never block (they hand messages to a bounded buffer and say when it is full).</li>
 *   <li>{@link dev.patchline.protocol.mqtt.client.MessageQueue} is thread-safe; the application takes from it on any
 *       thread.</li>
 * </ul>
 * Slow handlers and full queues turn into MQTT backpressure (no acknowledgement, reading paused), never into
 * unbounded memory or a blocked event loop.
 */
package dev.patchline.protocol.mqtt.client;
