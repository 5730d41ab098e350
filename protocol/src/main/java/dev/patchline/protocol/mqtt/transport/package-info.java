/**
 * Netty transports for MQTT: TCP, TLS, WebSocket and secure WebSocket, with reconnect, connect timeout and native
 * epoll. {@link dev.patchline.protocol.mqtt.transport.MqttTransport} drives a sans-I/O
 * {@link dev.patchline.protocol.mqtt.transport.StreamProtocol} (the MQTT client engine) with bytes and time.
 *
 * <p>This package is also Patchline's one Netty I/O layer: every other network operator (the TCP/IP DAT's clients and
 * servers, the OSC In DAT) takes its event loops from {@link dev.patchline.protocol.mqtt.transport.EventLoops} (epoll
 * when available, daemon threads, the poll window below chosen per group) and its TLS from
 * {@link dev.patchline.protocol.mqtt.transport.SslContexts} (chain and host name verified by default, SNI for every
 * host name, ALPN, CA file or directory, client certificates). Reconnect waits come from {@link dev.patchline.protocol.retry.Backoff}. A new network operator uses
 * these instead of its own group or {@code SslContextBuilder}, so that the defaults apply to it too.
 *
 * <p>Threading rule: each transport is pinned to one Netty event loop for its lifetime. The protocol, the
 * {@link dev.patchline.protocol.mqtt.transport.TransportListener} and all per-connection state are touched on that
 * thread only, so none of them needs a lock. Calls from other threads hop onto the loop ({@code execute},
 * {@code requestFlush}, {@code start}, {@code stop}). Nothing in this package blocks an event loop: host names are
 * resolved on a separate daemon thread, and a full socket stops the draining of outbound bytes instead of queueing more.
 * Option and URL classes are immutable and thread-safe. {@code EventLoops} and {@code SslContexts} are thread-safe;
 * leasing or building one happens once per connection or listener, never per message, and never on an event loop
 * that it could block.
 *
 * <p>CPU: after activity an event loop keeps polling its sockets for a short window (200 µs by default, see
 * {@link dev.patchline.protocol.mqtt.transport.EventLoops#DEFAULT_POLL_WINDOW}) before it blocks, trading CPU while
 * messages flow for round trips and broker wake-ups; while a stream flows it sleeps between polls instead of spinning,
 * and an idle loop blocks as Netty's does.
 */
package dev.patchline.protocol.mqtt.transport;
