package dev.patchline.nodes.core.dat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled path into a JSON document: a JSON Pointer ({@code /a/0/b}, RFC 6901) or a JSONPath-like
 * chain ({@code $.a[0].b}, {@code $['a b']}, or {@code a.b} without {@code $}). Only member names and
 * array indexes; no wildcards or filters. Immutable.
 */
final class JsonPath {
    private final String source;
    private final Object[] steps; // String = member, Integer = index

    private JsonPath(String source, Object[] steps) {
        this.source = source;
        this.steps = steps;
    }

    /** @throws IllegalArgumentException with the position of the problem */
    static JsonPath compile(String path) {
        List<Object> steps = new ArrayList<>();
        if (path.isEmpty()) return new JsonPath(path, new Object[0]);
        if (path.startsWith("/")) {
            for (String part : path.substring(1).split("/", -1)) {
                String name = part.replace("~1", "/").replace("~0", "~");
                steps.add(isIndex(name) ? (Object) Integer.valueOf(name) : name);
            }
            return new JsonPath(path, steps.toArray());
        }
        int i = path.startsWith("$") ? 1 : 0;
        boolean first = true;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.' || (first && i == 0)) {
                int start = c == '.' ? i + 1 : i;
                int end = start;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') end++;
                if (end == start)
                    throw new IllegalArgumentException(
                            "empty member name at position " + (start + 1) + " of '" + path + "'");
                steps.add(path.substring(start, end));
                i = end;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0)
                    throw new IllegalArgumentException(
                            "'[' at position " + (i + 1) + " of '" + path + "' is never closed");
                String inner = path.substring(i + 1, close).trim();
                if (inner.length() >= 2
                        && (inner.startsWith("'") && inner.endsWith("'")
                                || inner.startsWith("\"") && inner.endsWith("\""))) {
                    steps.add(inner.substring(1, inner.length() - 1));
                } else if (isIndex(inner)) {
                    steps.add(Integer.valueOf(inner));
                } else {
                    throw new IllegalArgumentException("'[" + inner + "]' at position " + (i + 1) + " of '" + path
                            + "' must be an index like [0] or a quoted name like ['a b']");
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException(
                        "unexpected '" + c + "' at position " + (i + 1) + " of '" + path + "'");
            }
            first = false;
        }
        return new JsonPath(path, steps.toArray());
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 9) return false;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    /** {@return the node at this path, or null when absent} */
    JsonNode find(JsonNode root) {
        JsonNode n = root;
        for (Object step : steps) {
            if (n == null) return null;
            if (step instanceof Integer idx) n = n.isArray() ? n.get(idx) : n.get(String.valueOf(idx));
            else n = n.get((String) step);
        }
        return n;
    }

    @Override
    public String toString() {
        return source;
    }
}
