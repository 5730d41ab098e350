package dev.patchline.nodes.mqtt;

import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Runs in a JVM of its own with a small heap ({@link BoundedMemoryTest}): one MQTT Client DAT subscribed at QoS 0,
 * cooked about 60 times a second, with an {@code onMessage} of 50 ms, until {@code expected} messages are taken or dropped. Prints {@code READY} once
 * subscribed, then one {@code RESULT} line (the heap peak is the largest heap use seen after a frame); an {@link OutOfMemoryError} ends the JVM with a non-zero code.
 *
 * <p>Arguments: broker URL, topic filter, expected messages, inboxbytes, maxlines.
 */
public final class FloodedDatMain {
    private FloodedDatMain() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String filter = args[1];
        int expected = Integer.parseInt(args[2]);
        int inboxBytes = Integer.parseInt(args[3]);
        int maxLines = Integer.parseInt(args[4]);
        // A script that works on each message: the cook falls behind.
        PayloadCallbacks callbacks = new PayloadCallbacks((dat, payload) -> PayloadCallbacks.slowDown(50));
        try (OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE)
                .set(MqttClientDat.NETADDRESS, url)
                .set(MqttClientDat.INBOXBYTES, inboxBytes)
                .set(MqttClientDat.MAXLINES, maxLines)
                .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of(filter, 0)))
                .callbacks(CallbackSpec.object(callbacks))) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!callbacks.subscribed() && System.nanoTime() < deadline) frame(r);
            System.out.println("READY");
            System.out.flush();
            double maxPending = 0;
            long heapPeak = 0;
            while (r.info("received") + r.info("dropped") < expected && System.nanoTime() < deadline) {
                frame(r);
                maxPending = Math.max(maxPending, r.info("messages_pending_bytes"));
                heapPeak = Math.max(
                        heapPeak,
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
            System.out.printf(
                    "RESULT received=%d dropped=%d maxPendingBytes=%d heapPeakBytes=%d%n",
                    (long) r.info("received"), (long) r.info("dropped"), (long) maxPending, heapPeak);
        }
    }

    private static void frame(OperatorTestRunner r) throws InterruptedException {
        r.cook();
        Thread.sleep(16); // a 60 fps frame: the network runs ahead of the cook meanwhile
    }
}
