/**
 * Open Sound Control over UDP: an OSC 1.0/1.1 codec ({@link dev.patchline.nodes.osc.OscCodec}) with
 * every standard and extended type tag (i f s b h t d S c r m T F N I and arrays) and bundles, the
 * OSC In DAT (messages into table rows) and the OSC Out DAT (table rows into messages).
 *
 * <p>Threading: the codec is stateless and thread-safe. OSC In receives on a Netty event loop of the
 * shared I/O layer ({@code dev.patchline.protocol.mqtt.transport.EventLoops}, leased as
 * {@code patchline-osc}, epoll when available, without a poll window); the loop only decodes
 * and offers to the node's bounded inbox, and never blocks. Table work and callbacks run on the cook
 * thread. OSC Out sends from the cook thread with a non-blocking datagram channel, so a send error is
 * reported by the cook that caused it.
 */
package dev.patchline.nodes.osc;
