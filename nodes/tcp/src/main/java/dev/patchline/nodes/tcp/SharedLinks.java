package dev.patchline.nodes.tcp;

import dev.patchline.nodes.tcp.net.EventSink;
import dev.patchline.nodes.tcp.net.TcpConnection;
import dev.patchline.nodes.tcp.net.TcpEvent;
import dev.patchline.nodes.tcp.net.TcpLink;
import dev.patchline.nodes.tcp.net.TcpLinkConfig;
import dev.patchline.runtime.op.Inbox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TouchDesigner's Shared Connection: TCP/IP DATs with {@code shared} on and the same mode, address and port use one
 * link (one listening socket, or one client connection) instead of one each. The first DAT opens it with its
 * settings; the last one to leave closes it. Every attached DAT sees every connection and every received message
 * (each its own rows and callbacks), and each DAT's sends go over the shared sockets.
 *
 * <p>Threading: {@link #attach} and {@link Handle#release} run on cook threads and take the registry's monitor
 * (start and stop only). Event loops deliver through {@link FanOut#offer}, which takes the link's own monitor once
 * per hand-over (a read burst of up to 256 messages, not per message): holding it makes "every inbox has room, so
 * offer to all" atomic, because these inboxes are fed by this link alone; the cook threads only ever make room.
 */
final class SharedLinks {
    private static final Map<Key, FanOut> OPEN = new HashMap<>();

    private SharedLinks() {}

    /** What identifies one shared socket. */
    private record Key(boolean server, String host, int port) {
        static Key of(TcpLinkConfig config) {
            return new Key(config.server(), config.host(), config.port());
        }

        @Override
        public String toString() {
            return (server ? "server on " : "client to ") + host + ":" + port;
        }
    }

    /**
     * Attaches {@code inbox} to the shared link for {@code config}'s mode, address and port, opening and starting it
     * when no DAT has it open.
     */
    static Handle attach(TcpLinkConfig config, Inbox<TcpEvent> inbox, Runnable wakeup) {
        Key key = Key.of(config);
        FanOut fanOut;
        boolean opened = false;
        synchronized (OPEN) {
            fanOut = OPEN.get(key);
            if (fanOut == null) {
                fanOut = new FanOut(key, config);
                OPEN.put(key, fanOut);
                opened = true;
            }
            fanOut.references++;
        }
        User user = new User(inbox, wakeup);
        fanOut.add(user);
        if (opened) {
            fanOut.link.start();
        }
        return new Handle(fanOut, user, differences(fanOut.link.config(), config));
    }

    /** Settings of {@code mine} that the shared link (opened by another DAT) does not have, or null. */
    private static String differences(TcpLinkConfig open, TcpLinkConfig mine) {
        List<String> names = new ArrayList<>();
        if (!open.format().equals(mine.format())) {
            names.add("format/delimiter/maxlength");
        }
        if (!open.charset().equals(mine.charset())) {
            names.add("encoding");
        }
        if ((open.ssl() == null) != (mine.ssl() == null)) {
            names.add("tls");
        }
        if (open.writeLimitBytes() != mine.writeLimitBytes() || open.slowPeerPolicy() != mine.slowPeerPolicy()) {
            names.add("writelimit/slowpeer");
        }
        if (!open.reconnectMin().equals(mine.reconnectMin())
                || !open.reconnectMax().equals(mine.reconnectMax())) {
            names.add("reconnectmin/reconnectmax");
        }
        return names.isEmpty() ? null : String.join(", ", names);
    }

    /** One DAT's attachment to a shared link. */
    static final class Handle {
        private final FanOut fanOut;
        private final User user;
        private final String differences;
        private boolean released;

        private Handle(FanOut fanOut, User user, String differences) {
            this.fanOut = fanOut;
            this.user = user;
            this.differences = differences;
        }

        TcpLink link() {
            return fanOut.link;
        }

        /**
         * A warning when this DAT's settings differ from those the shared link was opened with (which apply), or
         * null.
         */
        String mismatch() {
            return differences == null
                    ? null
                    : "shared connection (" + fanOut.key + ") was opened by another DAT with"
                            + " other settings, which apply: " + differences
                            + " differ; give both DATs the same settings or"
                            + " turn 'shared' off";
        }

        /** Detaches; the last DAT to leave closes the link. */
        void release() {
            if (released) {
                return;
            }
            released = true;
            fanOut.remove(user);
            boolean last;
            synchronized (OPEN) {
                last = --fanOut.references == 0;
                if (last) {
                    OPEN.remove(fanOut.key);
                }
            }
            if (last) {
                fanOut.link.close();
            }
        }
    }

    private record User(Inbox<TcpEvent> inbox, Runnable wakeup) {}

    /** The shared link's sink: hands each event to every attached DAT's inbox, or to none while one is full. */
    private static final class FanOut implements EventSink {
        final Key key;
        final TcpLink link;
        final CopyOnWriteArrayList<User> users = new CopyOnWriteArrayList<>();
        int references; // guarded by OPEN

        FanOut(Key key, TcpLinkConfig config) {
            this.key = key;
            this.link = TcpLink.create(config, this, this::wakeAll);
            // Which DATs read raw bytes changes with each one's parameters; a shared link always keeps them.
            link.keepRawBytes(true);
        }

        @Override
        public synchronized boolean offer(TcpEvent event) {
            for (User user : users) {
                if (user.inbox().size() >= user.inbox().capacity()) {
                    return false; // the connection pauses reading; TcpLink.resume() retries
                }
            }
            for (User user : users) {
                user.inbox().offer(event);
            }
            return true;
        }

        /**
         * Adds a DAT and tells it about the connections already up (it missed their Connected events); under the
         * same monitor as {@link #offer}, so that no event reaches it twice or out of order.
         */
        synchronized void add(User user) {
            users.add(user);
            for (TcpConnection connection : link.announcedConnections()) {
                if (!user.inbox().offer(new TcpEvent.Connected(connection))) {
                    break; // more peers than inbox slots: the DAT learns the rest from their first message
                }
            }
        }

        synchronized void remove(User user) {
            users.remove(user);
        }

        private void wakeAll() {
            for (User user : users) {
                user.wakeup().run();
            }
        }
    }
}
