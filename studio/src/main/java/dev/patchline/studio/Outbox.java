package dev.patchline.studio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What one connection still has to send, kept bounded however long the browser does not read: replies in a short
 * queue, the latest graph, file and per-node state (newer replaces older), and for watched and tapped nodes only the
 * latest copied data plus how far this connection has got. Frames are built when the socket can take them, so a
 * stalled browser costs at most one copy per node, never a backlog: a table that fell too far behind is sent again
 * as a reset, channels send their latest values, message rows beyond the bound are counted and reported in a
 * {@code log} item. Confined to the connection's event loop.
 */
final class Outbox {
    /** Replies (hello, snapshot, ack, nack, rows) waiting; a client that asks faster than it reads is closed. */
    static final int MAX_REPLIES = 64;

    static final int MAX_WATCH_ROWS = Collector.MAX_ROWS;
    /** Message items per tapped node and frame; more are counted as dropped. */
    static final int MAX_MESSAGES_PER_NODE = 100;

    static final int MAX_LOG_ITEMS = 100;

    private static final class Watch {
        final int rows;
        long nextSeq = Collector.NEED_RESET;
        long firstSeq;
        String[] header;
        long sentVersion = -1;
        NodeData data;

        Watch(int rows) {
            this.rows = rows;
        }
    }

    private static final class Tap {
        long nextSeq = Collector.NEED_POSITION;
        NodeData.TableData data;
    }

    private final ArrayDeque<String> replies = new ArrayDeque<>();
    private String graph;
    private String file;
    private final Map<String, ObjectNode> state = new LinkedHashMap<>();
    private final Map<String, Watch> watches = new HashMap<>();
    private final Map<String, Tap> taps = new HashMap<>();
    private final ArrayDeque<ObjectNode> log = new ArrayDeque<>();
    private long droppedLog;
    private long droppedMessages;
    private boolean heartbeat;
    private volatile Map<String, Long> needs = Map.of();

    /** Queues a reply; {@return false when the queue is full (the connection should close)} */
    boolean reply(String frame) {
        if (replies.size() >= MAX_REPLIES) return false;
        replies.add(frame);
        return true;
    }

    void graph(String frame) {
        graph = frame;
    }

    void file(String frame) {
        file = frame;
    }

    void state(Map<String, ObjectNode> changed) {
        state.putAll(changed);
    }

    void log(ObjectNode item) {
        if (log.size() >= MAX_LOG_ITEMS) {
            log.poll();
            droppedLog++;
        }
        log.add(item);
    }

    void heartbeat() {
        heartbeat = true;
    }

    void watch(String id, int rows) {
        watches.put(id, new Watch(Math.max(1, Math.min(MAX_WATCH_ROWS, rows))));
        publishNeeds();
    }

    void unwatch(String id) {
        watches.remove(id);
        publishNeeds();
    }

    void tap(String id) {
        taps.putIfAbsent(id, new Tap());
        publishNeeds();
    }

    void untap(String id) {
        taps.remove(id);
        publishNeeds();
    }

    /** Forgets watches and taps of nodes that are gone or whose family may have changed. */
    void forget(java.util.Set<String> ids) {
        watches.keySet().removeAll(ids);
        taps.keySet().removeAll(ids);
        publishNeeds();
    }

    /** Takes the data of a tick; only what this connection watches or taps is kept. */
    void deliver(Map<String, NodeData> tick) {
        for (Map.Entry<String, Watch> w : watches.entrySet()) {
            NodeData d = tick.get(w.getKey());
            if (d != null) w.getValue().data = d;
        }
        for (Map.Entry<String, Tap> t : taps.entrySet()) {
            if (tick.get(t.getKey()) instanceof NodeData.TableData d) t.getValue().data = d;
        }
    }

    /**
     * {@return per node, the lowest sequence number this connection still needs, {@link Collector#NEED_RESET} or
     * {@link Collector#NEED_POSITION}} Any thread: the tick reads it to know what to copy.
     */
    Map<String, Long> needs() {
        return needs;
    }

    private void publishNeeds() {
        Map<String, Long> n = new HashMap<>();
        for (Map.Entry<String, Watch> w : watches.entrySet()) {
            Watch watch = w.getValue();
            long need = watch.data == null || watch.nextSeq == Collector.NEED_RESET
                    ? Collector.NEED_RESET
                    : Math.max(0, watch.nextSeq);
            n.merge(w.getKey(), need, Outbox::combine);
        }
        for (Map.Entry<String, Tap> t : taps.entrySet()) n.merge(t.getKey(), t.getValue().nextSeq, Outbox::combine);
        needs = Map.copyOf(n);
    }

    /** The need covering both: a reset wins, a position alone gives way to a sequence number, else the lower one. */
    static long combine(long a, long b) {
        if (a == Collector.NEED_RESET || b == Collector.NEED_RESET) return Collector.NEED_RESET;
        if (a == Collector.NEED_POSITION) return b;
        if (b == Collector.NEED_POSITION) return a;
        return Math.min(a, b);
    }

    /**
     * Writes what is pending, in order of importance, while {@code writable} says the socket takes more; what did not
     * fit stays (coalesced) for the next call.
     */
    void drain(BooleanSupplier writable, Consumer<String> send, long now) {
        while (!replies.isEmpty()) {
            if (!writable.getAsBoolean()) return;
            send.accept(replies.poll());
        }
        if (graph != null && writable.getAsBoolean()) {
            send.accept(graph);
            graph = null;
        }
        if (file != null && writable.getAsBoolean()) {
            send.accept(file);
            file = null;
        }
        if (!state.isEmpty() && writable.getAsBoolean()) {
            ObjectNode o = Frames.message("state");
            o.putObject("nodes").setAll(state);
            state.clear();
            send.accept(Frames.text(o));
        }
        for (Map.Entry<String, Watch> e : watches.entrySet()) {
            if (!writable.getAsBoolean()) break;
            String frame = watchFrame(e.getValue());
            if (frame != null) send.accept(frame);
        }
        if (!taps.isEmpty() && writable.getAsBoolean()) {
            ArrayNode items = Frames.JSON.arrayNode();
            for (Tap t : taps.values()) messages(t, items, now);
            if (!items.isEmpty()) {
                ObjectNode o = Frames.message("messages");
                o.set("items", items);
                send.accept(Frames.text(o));
            }
        }
        if (droppedMessages > 0) {
            log(Frames.logItem(
                    now,
                    "warning",
                    null,
                    droppedMessages + " messages of tapped nodes were not shown: the browser did not keep up"));
            droppedMessages = 0;
        }
        if (!log.isEmpty() && writable.getAsBoolean()) {
            ObjectNode o = Frames.message("log");
            ArrayNode items = o.putArray("items");
            if (droppedLog > 0) {
                items.add(Frames.logItem(
                        now, "warning", null, droppedLog + " log items were dropped: the browser did not keep up"));
                droppedLog = 0;
            }
            while (!log.isEmpty()) items.add(log.poll());
            send.accept(Frames.text(o));
        }
        if (heartbeat && writable.getAsBoolean()) {
            send.accept(Frames.text(Frames.message("hb")));
            heartbeat = false;
        }
        publishNeeds();
    }

    private static String watchFrame(Watch w) {
        NodeData d = w.data;
        if (d == null || d.version() == w.sentVersion && w.nextSeq != Collector.NEED_RESET) return null;
        w.sentVersion = d.version();
        if (d instanceof NodeData.ChannelData c) {
            w.nextSeq = 0;
            return Frames.channels(c);
        }
        NodeData.TableData t = (NodeData.TableData) d;
        long end = t.endSeq();
        boolean reset = w.nextSeq == Collector.NEED_RESET
                || t.cellsChanged()
                || !Arrays.equals(t.header(), w.header)
                || w.nextSeq < t.fromSeq()
                || w.nextSeq < t.firstSeq()
                || end - w.nextSeq > w.rows;
        String frame;
        if (reset) {
            long from = Math.max(t.fromSeq(), end - w.rows);
            frame = Frames.table(t, true, from, 0);
            w.header = t.header();
        } else {
            if (w.nextSeq == end && t.firstSeq() == w.firstSeq) return null;
            frame = Frames.table(t, false, w.nextSeq, (int) Math.min(Integer.MAX_VALUE, t.firstSeq() - w.firstSeq));
        }
        w.nextSeq = end;
        w.firstSeq = t.firstSeq();
        return frame;
    }

    private void messages(Tap tap, ArrayNode items, long now) {
        NodeData.TableData t = tap.data;
        if (t == null) return;
        tap.data = null;
        long end = t.endSeq();
        if (tap.nextSeq == Collector.NEED_POSITION) { // messages start from the moment of the tap
            tap.nextSeq = end;
            return;
        }
        long from = Math.max(tap.nextSeq, t.fromSeq());
        droppedMessages += from - tap.nextSeq;
        if (end - from > MAX_MESSAGES_PER_NODE) {
            droppedMessages += end - from - MAX_MESSAGES_PER_NODE;
            from = end - MAX_MESSAGES_PER_NODE;
        }
        for (long seq = from; seq < end; seq++) items.add(Frames.messageItem(t, seq, now));
        tap.nextSeq = end;
    }
}
