/**
 * The MQTT 3.1.1 and 5.0 packet model: one immutable record per control packet, typed MQTT 5
 * properties, reason-code enums per packet, {@link dev.patchline.protocol.mqtt.codec.packet.Qos} and
 * {@link dev.patchline.protocol.mqtt.codec.packet.MqttVersion}.
 *
 * <p><b>Absent values.</b> An absent MQTT 5 property is {@code null} (boxed {@code Integer},
 * {@code Long}, {@code Boolean}, enum or {@code String}); records with many properties offer
 * {@code ...OrDefault()} accessors that apply the defaults of the specification. User properties and
 * lists are never {@code null}, they are empty. One model serves both versions: fields that MQTT 3.1.1
 * cannot carry are ignored by the 3.1.1 encoder and reported at their default by the 3.1.1 decoder.
 *
 * <p><b>Threading.</b> All types are immutable and may be shared between threads. The one exception
 * is the reference count of a {@link dev.patchline.protocol.mqtt.codec.packet.Publish} payload: the
 * holder of a PUBLISH owns one reference and releases it once (see {@code Publish}).
 */
package dev.patchline.protocol.mqtt.codec.packet;
