/**
 * MQTT 3.1.1 and 5.0 encoding and decoding on Netty {@code ByteBuf}s, without any socket code:
 * {@link dev.patchline.protocol.mqtt.codec.MqttDecoder} turns bytes into packets of
 * {@link dev.patchline.protocol.mqtt.codec.packet}, {@link dev.patchline.protocol.mqtt.codec.MqttEncoder}
 * turns packets into bytes.
 *
 * <p><b>Threading.</b> A decoder holds per-connection state (detected version, failure, reusable
 * scratch space) and must be confined to one thread at a time, normally the connection's event
 * loop. An encoder is immutable and may be shared. Neither blocks, locks or reads a clock.
 */
package dev.patchline.protocol.mqtt.codec;
