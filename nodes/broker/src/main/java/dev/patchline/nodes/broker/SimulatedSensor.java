package dev.patchline.nodes.broker;

import java.util.SplittableRandom;

/**
 * One simulated sensor: a physically plausible signal with its own random stream, so that a seed
 * reproduces every sensor exactly regardless of how many others exist.
 *
 * <p>The signal is a slow daily swing (the simulated day is {@code daySeconds} long, so a demo shows it
 * within minutes), plus a mean-reverting random walk (an Ornstein-Uhlenbeck process: drifts, but does not
 * wander off), plus measurement noise. Motion sensors trigger more often in the simulated daytime and
 * hold for a while; accelerometers read 1 g down with jitter and occasional vibration bursts. Now and
 * then a sensor drops out: it stays silent for 2 to 10 simulated seconds while its physics go on.
 *
 * <p>Not thread-safe: the cook thread owns it.
 */
final class SimulatedSensor {

    private static final double TWO_PI = 2 * Math.PI;

    private final int index;
    private final String room;
    private final SensorKind kind;
    private final String topic;
    private final String id;
    private final SplittableRandom random;
    private final double base;

    private double walk;
    private double lastT = Double.NaN;
    private double silentUntil = Double.NEGATIVE_INFINITY;
    private double motionUntil = Double.NEGATIVE_INFINITY;
    private double burstUntil = Double.NEGATIVE_INFINITY;
    private long seq;
    private double value;
    private double x;
    private double y;
    private double z;

    SimulatedSensor(int index, String prefix, String room, int roomIndex, SensorKind kind, long seed) {
        this.index = index;
        this.room = room;
        this.kind = kind;
        this.topic = prefix + "/" + room + "/" + kind.topicName();
        this.id = room + "/" + kind.topicName();
        // Mix room and kind into the seed so every sensor has an independent, reproducible stream.
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + roomIndex * 31L + kind.ordinal());
        this.base = switch (kind) {
            case TEMPERATURE -> 18.5 + 5 * random.nextDouble();
            case HUMIDITY -> 35 + 20 * random.nextDouble();
            default -> 0;
        };
    }

    /** {@return the position of this sensor in its simulation (its row in the node's table)} */
    int index() {
        return index;
    }

    String topic() {
        return topic;
    }

    String room() {
        return room;
    }

    SensorKind kind() {
        return kind;
    }

    /** {@return the latest value (motion: 0 or 1; accelerometer: magnitude in g)} */
    double value() {
        return value;
    }

    long seq() {
        return seq;
    }

    /** {@return whether the sensor was silent at its last sample} */
    boolean droppedOut(double t) {
        return t < silentUntil;
    }

    /**
     * Advances the sensor to simulated time {@code t} (seconds) and, unless it is in a dropout, writes its
     * JSON message into {@code json} (cleared first).
     *
     * @param dropout     dropouts per second: the chance that a sensor goes silent within one second
     * @param daySeconds  length of the simulated day
     * @param epochMillis wall-clock time written as {@code ts}
     * @return false when the sensor is silent (dropout): nothing to publish
     */
    boolean sample(double t, double dropout, double daySeconds, long epochMillis, StringBuilder json) {
        double dt = Double.isNaN(lastT) ? 0 : Math.max(0, t - lastT);
        lastT = t;
        double daylight = 0.5 - 0.5 * Math.cos(TWO_PI * t / daySeconds); // 0 at midnight, 1 at noon
        advance(t, dt, daylight, daySeconds);
        if (t < silentUntil) {
            return false;
        }
        // Dropouts are a rate in time, not per sample, so a faster sensor does not drop out more often.
        if (dropout > 0 && random.nextDouble() < dropout * dt) {
            silentUntil = t + 2 + 8 * random.nextDouble();
            return false;
        }
        seq++;
        json.setLength(0);
        json.append("{\"sensor\":\"")
                .append(id)
                .append("\",\"room\":\"")
                .append(room)
                .append("\",\"kind\":\"")
                .append(kind.topicName())
                .append("\",\"value\":");
        appendFixed(json, value, kind.decimals());
        if (kind == SensorKind.ACCELEROMETER) {
            json.append(",\"x\":");
            appendFixed(json, x, 3);
            json.append(",\"y\":");
            appendFixed(json, y, 3);
            json.append(",\"z\":");
            appendFixed(json, z, 3);
        }
        if (!kind.unit().isEmpty()) {
            json.append(",\"unit\":\"").append(kind.unit()).append('"');
        }
        json.append(",\"seq\":")
                .append(seq)
                .append(",\"ts\":")
                .append(epochMillis)
                .append('}');
        return true;
    }

    private void advance(double t, double dt, double daylight, double daySeconds) {
        switch (kind) {
            case TEMPERATURE -> {
                // Warmest mid-afternoon: the daily swing lags daylight by a sixth of a day.
                double swing = 2.5 * Math.sin(TWO_PI * (t / daySeconds - 0.4));
                walk = ornsteinUhlenbeck(walk, dt, 60, 0.08);
                value = round(base + swing + walk + 0.03 * random.nextGaussian(), 2);
            }
            case HUMIDITY -> {
                walk = ornsteinUhlenbeck(walk, dt, 90, 0.3);
                value = round(Math.max(0, Math.min(100, base - 6 * daylight + walk + 0.2 * random.nextGaussian())), 1);
            }
            case MOTION -> {
                if (t >= motionUntil && random.nextDouble() < (0.01 + 0.15 * daylight) * Math.max(dt, 0.05)) {
                    motionUntil = t + 5 + 25 * random.nextDouble();
                }
                value = t < motionUntil ? 1 : 0;
            }
            case ACCELEROMETER -> {
                if (t >= burstUntil && random.nextDouble() < 0.02 * Math.max(dt, 0.05)) {
                    burstUntil = t + 1 + 2 * random.nextDouble();
                }
                double shake = t < burstUntil ? 0.3 : 0.01;
                x = round(shake * random.nextGaussian(), 3);
                y = round(shake * random.nextGaussian(), 3);
                z = round(1 + shake * random.nextGaussian(), 3);
                value = round(Math.sqrt(x * x + y * y + z * z), 3);
            }
        }
    }

    /** Mean-reverting step with time constant {@code tau} seconds and stationary deviation {@code sigma}. */
    private double ornsteinUhlenbeck(double current, double dt, double tau, double sigma) {
        if (dt <= 0) return current;
        double decay = Math.exp(-dt / tau);
        return current * decay + sigma * Math.sqrt(1 - decay * decay) * random.nextGaussian();
    }

    private static double round(double v, int decimals) {
        double scale = decimals == 0 ? 1 : decimals == 1 ? 10 : decimals == 2 ? 100 : 1000;
        return Math.round(v * scale) / scale;
    }

    /** Appends {@code v} with exactly {@code decimals} decimals and never in exponent notation. */
    static void appendFixed(StringBuilder out, double v, int decimals) {
        long scale = decimals == 0 ? 1 : decimals == 1 ? 10 : decimals == 2 ? 100 : 1000;
        long scaled = Math.round(Math.abs(v) * scale);
        if (v < 0 && scaled != 0) out.append('-');
        out.append(scaled / scale);
        if (decimals > 0) {
            out.append('.');
            long frac = scaled % scale;
            for (long d = scale / 10; d > 0; d /= 10) {
                out.append((char) ('0' + (frac / d) % 10));
            }
        }
    }
}
