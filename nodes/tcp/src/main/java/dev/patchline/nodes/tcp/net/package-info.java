/**
 * The TCP/IP DAT's network side: a server or client link on Netty, framing, per-peer write limits, and the bounded
 * hand-over of received messages to the cook thread. Event loops (epoll when available; no poll window, see TcpLink), TLS and the
 * reconnect backoff come from the shared I/O layer in {@code dev.patchline.protocol.mqtt.transport} and
 * {@code dev.patchline.protocol.retry}, as for the MQTT client.
 *
 * <p><b>Threading:</b> Netty event loops own every channel and all per-connection state (framer, backlog, write
 * queue). They never touch a table: they hand {@link dev.patchline.nodes.tcp.net.TcpEvent}s to a bounded
 * {@link dev.patchline.nodes.tcp.net.EventSink}; when it is full they stop reading from that socket
 * ({@code autoRead=false}) until {@link dev.patchline.nodes.tcp.net.TcpLink#resume()} is called from the consumer.
 * {@link dev.patchline.nodes.tcp.net.TcpLink#start()}, {@code close()} and sending are called from the owning (cook)
 * thread; sending never blocks it. All links of the process share one leased event-loop group (threads named
 * {@code patchline-tcp-N}), which stops when the last link closes. The arrays inside an event belong to the receiver once it is offered: the event
 * loop never writes to them again (it starts new ones for the next batch).
 */
package dev.patchline.nodes.tcp.net;
