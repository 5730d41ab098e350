package dev.patchline.bench.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** How the benchmarks order and summarise repeated rounds, so that every one does it the same way. */
public final class Rounds {

    private Rounds() {}

    /**
     * The sides in the order of {@code round}: as listed on even rounds, reversed on odd ones, so that neither JIT
     * warm-up nor the machine's other load always favours the same side.
     */
    public static <T> List<T> inOrderOf(int round, List<T> sides) {
        List<T> order = new ArrayList<>(sides);
        if (round % 2 == 1) {
            Collections.reverse(order);
        }
        return order;
    }

    /** The median of {@code rounds} by {@code order} (the upper one of an even count). */
    public static <T> T median(List<T> rounds, Comparator<? super T> order) {
        List<T> sorted = new ArrayList<>(rounds);
        sorted.sort(order);
        return sorted.get(sorted.size() / 2);
    }
}
