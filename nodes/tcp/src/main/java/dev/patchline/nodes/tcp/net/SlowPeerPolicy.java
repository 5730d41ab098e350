package dev.patchline.nodes.tcp.net;

/** What to do when a peer reads slower than we send and its write buffer reaches the limit. */
public enum SlowPeerPolicy {
    /** Drop the oldest queued messages (counted as dropped); the peer stays connected and gets the newest data. */
    DROP_OLDEST,
    /** Close the connection; a client can reconnect and start fresh. */
    CLOSE
}
