package dev.patchline.nodes.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Java callbacks for the TCP/IP DAT that record what they saw and on which thread, and answer like a device. */
public final class RecordingCallbacks {
    public final List<String> events = new ArrayList<>();
    public final List<TcpPeer> peers = new ArrayList<>();
    public String replyPrefix = "echo ";

    public void onConnect(TcpipView dat, TcpPeer peer) {
        peers.add(peer);
        events.add("connect " + peer.getAddress() + " " + thread());
    }

    public void onReceive(TcpipView dat, int rowIndex, String message, byte[] bytes, TcpPeer peer) {
        events.add("row " + rowIndex + " " + message + " " + bytes.length + " " + thread());
        if (replyPrefix != null) {
            peer.send(replyPrefix + message);
        }
        if (message.equals("all")) {
            dat.send(Map.of("terminator", "\r\n"), "to everyone");
        }
    }

    public void onClose(TcpipView dat, TcpPeer peer) {
        events.add("close " + peer.getPort() + " " + thread());
    }

    private static String thread() {
        return Thread.currentThread().getName().startsWith("patchline-tcp") ? "io-thread" : "cook-thread";
    }
}
