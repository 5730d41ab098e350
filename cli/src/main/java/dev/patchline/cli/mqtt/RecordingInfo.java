package dev.patchline.cli.mqtt;

import dev.patchline.recording.RecordedMessage;
import dev.patchline.recording.RecordingReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code mqtt record --info FILE}: messages per topic, the time span and the rate of a recording, read to its end or to
 * its first damage (which is reported). Counts at most {@link #MAX_TOPICS} distinct topics; the rest are summed up as
 * one line, so a recording of millions of topics cannot exhaust the memory.
 */
final class RecordingInfo {
    static final int MAX_TOPICS = 100_000;

    private RecordingInfo() {}

    /** Prints the summary; returns 0, or 1 when the file cannot be read as a recording. */
    static int print(Path file, PrintStream out, PrintStream err) {
        Map<String, long[]> perTopic = new HashMap<>();
        long messages = 0;
        long payloadBytes = 0;
        long otherTopicsMessages = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        String damage;
        String created;
        try (RecordingReader reader = RecordingReader.open(file)) {
            created = reader.header().created();
            for (RecordedMessage m; (m = reader.next()) != null; ) {
                messages++;
                payloadBytes += m.payload().length;
                first = Math.min(first, m.timeMicros());
                last = Math.max(last, m.timeMicros());
                long[] counter = perTopic.get(m.topic());
                if (counter == null && perTopic.size() < MAX_TOPICS) {
                    perTopic.put(m.topic(), counter = new long[1]);
                }
                if (counter != null) counter[0]++;
                else otherTopicsMessages++;
            }
            damage = reader.damage();
        } catch (NoSuchFileException e) {
            err.println("Error: " + file + ": no such file");
            return 1;
        } catch (IOException e) {
            err.println("Error: " + ConnectionOptions.describe(e));
            return 1;
        }
        out.println("file:     " + file + (created.isEmpty() ? "" : " (started " + created + ")"));
        out.println("messages: " + messages + " (" + payloadBytes + " payload bytes) on " + perTopic.size()
                + (otherTopicsMessages > 0 ? "+" : "") + " topics");
        if (messages > 0) {
            double seconds = (last - first) / 1e6;
            out.println("span:     " + instant(first) + " .. " + instant(last)
                    + String.format(Locale.ROOT, " (%.3f s)", seconds));
            out.println("rate:     "
                    + (seconds > 0
                            ? String.format(Locale.ROOT, "%.1f messages/s", (messages - 1) / seconds)
                            : "n/a (a single instant)"));
            out.println("topics:");
            List<Map.Entry<String, long[]>> sorted = new ArrayList<>(perTopic.entrySet());
            sorted.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
                    ? Long.compare(b.getValue()[0], a.getValue()[0])
                    : a.getKey().compareTo(b.getKey()));
            for (Map.Entry<String, long[]> e : sorted) {
                out.printf(Locale.ROOT, "%12d  %s%n", e.getValue()[0], e.getKey());
            }
            if (otherTopicsMessages > 0) {
                out.printf(Locale.ROOT, "%12d  (other topics beyond the first %d)%n", otherTopicsMessages, MAX_TOPICS);
            }
        }
        if (damage != null) {
            out.println("damaged:  read up to " + damage);
        }
        return 0;
    }

    static String instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L)
                .toString();
    }
}
