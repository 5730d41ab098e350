package dev.patchline.nodes.broker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A set of simulated sensors and their publishing schedule, independent of MQTT so it can be tested
 * and benchmarked alone. Sensors are spread over rooms: with the kinds {@code temperature humidity}
 * and a count of 5, the sensors are kitchen/temperature, kitchen/humidity, hall/temperature,
 * hall/humidity and studio/temperature. Each sensor samples {@code rate} times per simulated second;
 * their phases are staggered so the messages of a frame do not all leave at once.
 *
 * <p>Not thread-safe: the cook thread owns it. Sampling reuses one {@link StringBuilder}, so a message
 * costs no allocation here.
 */
final class SensorSimulation {

    /** Receives each message; {@code json} is only valid during the call. */
    interface Sink {
        void message(SimulatedSensor sensor, CharSequence json);
    }

    private static final String[] ROOMS = {
        "kitchen", "hall", "studio", "office", "lab", "garage", "bedroom", "attic", "cellar", "porch", "lobby", "stage"
    };
    /** When the cook falls further behind than this, the schedule skips ahead instead of bursting. */
    private static final double MAX_CATCH_UP_SECONDS = 1.0;

    private final List<SimulatedSensor> sensors;
    private final double[] nextDue;
    private final double interval;
    private final StringBuilder json = new StringBuilder(256);
    private long skipped;

    /**
     * @param prefix first topic level(s), e.g. "sensors"
     * @param count  number of sensors
     * @param kinds  kinds each room gets, in order
     * @param rate   samples per second per sensor
     * @param seed   reproduces every value
     */
    SensorSimulation(String prefix, int count, List<SensorKind> kinds, double rate, long seed) {
        if (count < 1) throw new IllegalArgumentException("count must be at least 1");
        if (!(rate > 0)) throw new IllegalArgumentException("rate must be positive");
        List<SimulatedSensor> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int roomIndex = i / kinds.size();
            list.add(new SimulatedSensor(i, prefix, roomName(roomIndex), roomIndex, kinds.get(i % kinds.size()), seed));
        }
        this.sensors = Collections.unmodifiableList(list);
        this.interval = 1.0 / rate;
        this.nextDue = new double[count];
        for (int i = 0; i < count; i++) {
            nextDue[i] = interval * i / count;
        }
    }

    /** {@return the room name of room {@code index}: a name from a fixed list, then "room13", "room14"...} */
    static String roomName(int index) {
        return index < ROOMS.length ? ROOMS[index] : "room" + (index + 1);
    }

    List<SimulatedSensor> sensors() {
        return sensors;
    }

    /** {@return samples not taken because the caller fell more than a second behind} */
    long skipped() {
        return skipped;
    }

    /**
     * Takes every sample due at or before simulated time {@code t} and hands the messages to {@code sink}
     * (dropouts produce none).
     *
     * @return number of messages produced
     */
    int advanceTo(double t, double dropout, double daySeconds, long epochMillis, Sink sink) {
        int produced = 0;
        for (int i = 0; i < nextDue.length; i++) {
            double due = nextDue[i];
            if (t - due > MAX_CATCH_UP_SECONDS) {
                long behind = (long) ((t - due) / interval);
                skipped += behind;
                due += behind * interval;
            }
            SimulatedSensor s = sensors.get(i);
            while (due <= t) {
                if (s.sample(due, dropout, daySeconds, epochMillis, json)) {
                    sink.message(s, json);
                    produced++;
                }
                due += interval;
            }
            nextDue[i] = due;
        }
        return produced;
    }
}
