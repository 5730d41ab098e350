/**
 * The MQTT Client DAT ({@code mqttClient}) and the topicSelect DAT: broker messages become table rows, rows become
 * publishes, with TouchDesigner's parameter, callback and method names.
 *
 * <p>Threading rule: an operator and its {@link dev.patchline.nodes.mqtt.MqttClientView} are confined to the cook
 * thread of their graph. The only code running elsewhere is {@link dev.patchline.nodes.mqtt.MqttLink} (connection
 * state on the MQTT client's serial callback executor; received messages, through {@code LinkUser}, and publish
 * completions on its event loop); it reaches a node only through that node's
 * {@link dev.patchline.nodes.mqtt.MessageRing} (single producer, single consumer), its event
 * {@link dev.patchline.runtime.op.Inbox} and atomic counters, and wakes the node. Nothing here blocks or waits on an
 * event loop: a full ring refuses a QoS 1/2 message, the client then holds it unacknowledged and stops reading (that is
 * how backpressure reaches the broker), and the cook's next drain resumes it. {@link dev.patchline.nodes.mqtt.JsonColumns} and the row formatting belong
 * to one node's cook thread; {@link dev.patchline.nodes.mqtt.ParameterChecks} is stateless and also runs on whatever
 * thread loads or edits a graph.
 *
 * <p>The MQTT Replay DAT has one more thread: its {@link dev.patchline.nodes.mqtt.ReplayPlayer} reads the recording and
 * waits for each message's time, then hands the message to the node through a {@link dev.patchline.nodes.mqtt.MessageRing}
 * exactly as a link does; when the ring is full it waits (bounded parks, woken by the cook's drain) instead of dropping.
 */
package dev.patchline.nodes.mqtt;
