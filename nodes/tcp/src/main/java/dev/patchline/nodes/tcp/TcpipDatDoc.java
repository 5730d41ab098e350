package dev.patchline.nodes.tcp;

import dev.patchline.runtime.op.OperatorDoc;

/** The reference documentation of the TCP/IP DAT: what it does, its callbacks and its info channels. */
final class TcpipDatDoc {
    private TcpipDatDoc() {}

    static final OperatorDoc DOC = OperatorDoc.builder("Sends and receives messages over TCP as a client or a server.")
            .label("TCP/IP DAT")
            .details("One row per received message (per line, byte, read, delimiter or length prefix) with"
                    + " the peer's `address:port`. New rows of the input DAT are sent. A server binds"
                    + " 127.0.0.1 unless `address` says otherwise and serves up to `maxpeers` clients; a"
                    + " client reconnects with a jittered, growing backoff. TCP keep-alive is on; `idletimeout`"
                    + " closes silent connections. TLS, a maximum message length and a per-peer write limit"
                    + " keep it safe on real networks.")
            .callback("onConnect", "a peer connected (server) or the connection is up (client)", "dat", "peer")
            .callback(
                    "onReceive",
                    "a message arrived; rowIndex is its row in the output",
                    "dat",
                    "rowIndex",
                    "message",
                    "bytes",
                    "peer")
            .callback("onClose", "a peer disconnected or the connection closed", "dat", "peer")
            .info("connections", "connected peers")
            .info("messages_pending", "received messages not yet turned into rows")
            .info("messages_in", "messages turned into rows since the node started")
            .info("sends_queued", "client: messages sent while not connected, waiting for the connection")
            .info("bytes_in", "bytes received")
            .info("bytes_out", "bytes handed to sockets")
            .info("dropped", "messages dropped: over-long received ones, and sends to slow peers")
            .info("refused", "server: connections closed at once because 'maxpeers' clients were connected")
            .info("closed_idle", "connections closed after 'idletimeout' seconds without traffic")
            .build();
}
