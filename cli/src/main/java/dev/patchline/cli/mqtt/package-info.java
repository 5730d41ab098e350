/**
 * {@code patchline mqtt pub} and {@code patchline mqtt sub}: MQTT tools with mosquitto_pub / mosquitto_sub flags, built
 * on the standalone {@link dev.patchline.protocol.mqtt.client.MqttClient}.
 *
 * <p>Threading rule — which thread runs what:
 * <ul>
 *   <li>The command's {@code call()} runs on the main thread: it parses the flags, builds the client, and waits for the
 *       connection, the subscription and the end of the run with bounded {@code get(...)} calls (the client's futures
 *       complete on its event loop, so the main thread may block on them). {@code mqtt pub} reads the file or stdin
 *       and publishes on the main thread too, waiting for the oldest publish while the client's queue is full.</li>
 *   <li>{@code mqtt sub} prints each message from its {@link dev.patchline.protocol.mqtt.client.MessageHandler}, on the
 *       client's callback executor, one message at a time and in order, never on the event loop: a slow terminal
 *       pauses reading from the broker (MQTT backpressure) instead of blocking network I/O.</li>
 *   <li>The connection state listener (and through it {@code LossReporter}) runs on the same callback executor, one
 *       event at a time.</li>
 *   <li>The threads meet only through {@link java.util.concurrent.CompletableFuture}s and atomics: the first
 *       connection attempt's outcome, the count of printed messages, and the end of the run, which the handler
 *       ({@code -C} count reached) or a Ctrl-C shutdown hook completes and the main thread awaits (at most {@code -W}
 *       seconds when given).</li>
 * </ul>
 */
package dev.patchline.cli.mqtt;
