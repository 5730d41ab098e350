package dev.patchline.nodes.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a simulated sensor measures: its topic suffix, unit and decimals. */
public enum SensorKind {
    TEMPERATURE("temperature", "C", 2),
    HUMIDITY("humidity", "%", 1),
    MOTION("motion", "", 0),
    ACCELEROMETER("accelerometer", "g", 3);

    private final String topicName;
    private final String unit;
    private final int decimals;

    SensorKind(String topicName, String unit, int decimals) {
        this.topicName = topicName;
        this.unit = unit;
        this.decimals = decimals;
    }

    /** {@return the last topic level and the {@code kind} field, e.g. "temperature"} */
    public String topicName() {
        return topicName;
    }

    /** {@return the unit of {@code value} ("" for motion, which is 0 or 1)} */
    public String unit() {
        return unit;
    }

    int decimals() {
        return decimals;
    }

    /**
     * Parses a space- or comma-separated list such as {@code "temperature humidity"}.
     *
     * @throws IllegalArgumentException naming the unknown kind and the valid ones
     */
    public static List<SensorKind> parseList(String text) {
        List<SensorKind> kinds = new ArrayList<>();
        for (String word : text.trim().split("[\\s,]+")) {
            if (word.isEmpty()) continue;
            SensorKind found = null;
            for (SensorKind k : values()) {
                if (k.topicName.equals(word.toLowerCase(Locale.ROOT))) found = k;
            }
            if (found == null) {
                throw new IllegalArgumentException(
                        "unknown sensor kind '" + word + "'; use any of: temperature humidity motion accelerometer");
            }
            if (!kinds.contains(found)) kinds.add(found);
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException(
                    "no sensor kind given; use any of: temperature humidity motion accelerometer");
        }
        return kinds;
    }
}
