/**
 * The TCP/IP DAT ({@code tcpip}): TouchDesigner's TCP/IP DAT as a Patchline operator, client or server, with
 * TouchDesigner's formats and callbacks plus TLS, reconnect backoff, custom framing and per-peer write limits.
 *
 * <p><b>Threading:</b> {@link dev.patchline.nodes.tcp.TcpipDat}, {@link dev.patchline.nodes.tcp.TcpipView} and
 * {@link dev.patchline.nodes.tcp.TcpPeer} are used on the graph's cook thread only (callbacks run there too).
 * Sends are batched per cook and handed to the Netty event loops without blocking; received data reaches the cook
 * thread only through the operator's bounded inbox (see {@code dev.patchline.nodes.tcp.net}).
 */
package dev.patchline.nodes.tcp;
