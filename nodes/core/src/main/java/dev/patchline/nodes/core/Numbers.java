package dev.patchline.nodes.core;

/** Parsing cell text as numbers without exceptions on the common non-numeric paths. */
public final class Numbers {
    private Numbers() {}

    /** {@return the number in {@code s}, or NaN when {@code s} is not a number} */
    public static double parse(String s) {
        if (s == null || s.isEmpty()) return Double.NaN;
        char c = s.charAt(0);
        // Cheap rejection of words so that a text column does not cost an exception per cell.
        if (!(c >= '0' && c <= '9') && c != '-' && c != '+' && c != '.' && c != ' ' && c != 'N' && c != 'I') {
            if (s.equalsIgnoreCase("true")) return 1;
            if (s.equalsIgnoreCase("false")) return 0;
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** {@return {@code v} as cell text: integers without ".0", others in shortest round-trip form} */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
