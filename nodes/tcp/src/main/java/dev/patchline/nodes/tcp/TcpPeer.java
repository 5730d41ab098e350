package dev.patchline.nodes.tcp;

import dev.patchline.nodes.tcp.net.TcpConnection;
import java.util.Map;

/**
 * One connected peer, as TouchDesigner's {@code Peer}: where it is ({@code address}, {@code port},
 * {@code hostname}) and how to answer it alone ({@code send}, {@code sendBytes}, {@code close}).
 * Passed to {@code onConnect}, {@code onReceive} and {@code onClose}. Cook thread only.
 */
public final class TcpPeer {
    private final TcpConnection connection;
    private final TcpipView owner;

    TcpPeer(TcpConnection connection, TcpipView owner) {
        this.connection = connection;
        this.owner = owner;
    }

    /** The TCP/IP DAT this peer belongs to. */
    public TcpipView getOwner() {
        return owner;
    }

    /** Remote IP address, e.g. {@code 127.0.0.1}. */
    public String getAddress() {
        return connection.address();
    }

    public int getPort() {
        return connection.port();
    }

    /** Remote host name as known without a DNS lookup (often the address itself). */
    public String getHostname() {
        return connection.hostname();
    }

    /** {@code address:port}, the value of the output table's peer column. */
    public String getId() {
        return connection.id();
    }

    public boolean isConnected() {
        return connection.isOpen();
    }

    /**
     * Sends each message to this peer only, framed with the DAT's terminator.
     *
     * @return bytes queued
     */
    public int send(Object... messages) {
        return owner.sendTo(connection, null, messages);
    }

    /** Groovy named form: {@code peer.send('hi', terminator: '\r\n')}; {@code terminator: ''} sends none. */
    public int send(Map<String, ?> options, Object... messages) {
        return owner.sendTo(connection, options, messages);
    }

    /** Sends the bytes of each message (byte[], String, or an int 0-255) with no terminator. */
    public int sendBytes(Object... messages) {
        return owner.sendBytesTo(connection, messages);
    }

    /** Closes the connection; {@code onClose} follows. */
    public void close() {
        connection.close();
    }

    TcpConnection connection() {
        return connection;
    }

    @Override
    public String toString() {
        return connection.id();
    }
}
