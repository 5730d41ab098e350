package dev.patchline.nodes.core;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * TouchDesigner-style name patterns: space-separated terms, each with {@code *} (any text),
 * {@code ?} (one character) and {@code [abc]} / {@code [a-z]} (one of); a term starting with
 * {@code ^} excludes what it matches. {@code "temp* ^temp_raw"} selects every name starting with
 * "temp" except "temp_raw". With only exclusions, everything else is selected. Immutable.
 */
public final class Patterns {
    private static final Patterns ALL = new Patterns(List.of(Pattern.compile(".*", Pattern.DOTALL)), List.of());

    private final List<Pattern> include;
    private final List<Pattern> exclude;

    private Patterns(List<Pattern> include, List<Pattern> exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    /** {@return a matcher for {@code spec}; blank matches nothing} */
    public static Patterns compile(String spec) {
        List<Pattern> in = new ArrayList<>();
        List<Pattern> ex = new ArrayList<>();
        for (String term : spec.trim().split("\\s+")) {
            if (term.isEmpty()) continue;
            if (term.startsWith("^")) {
                if (term.length() > 1) ex.add(toRegex(term.substring(1)));
            } else {
                in.add(toRegex(term));
            }
        }
        if (in.isEmpty() && !ex.isEmpty()) in = ALL.include;
        return new Patterns(in, ex);
    }

    /** {@return a matcher that accepts every name} */
    public static Patterns all() {
        return ALL;
    }

    /** {@return whether {@code name} is selected} */
    public boolean matches(String name) {
        boolean hit = false;
        for (int i = 0; i < include.size() && !hit; i++)
            hit = include.get(i).matcher(name).matches();
        if (!hit) return false;
        for (int i = 0; i < exclude.size(); i++)
            if (exclude.get(i).matcher(name).matches()) return false;
        return true;
    }

    private static Pattern toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int close = glob.indexOf(']', i + 1);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        String body = glob.substring(i + 1, close).replace("\\", "\\\\");
                        re.append('[').append(body).append(']');
                        i = close;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
