package dev.patchline.nodes.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads the values at a few JSON pointers (the {@code columns} parameter) out of a JSON payload in one streaming pass.
 * It builds no tree, skips every branch no pointer enters, keeps numbers as their source text (no floating-point round
 * trip) and stops reading as soon as every pointer has been found. Cook thread only.
 *
 * <p>What a cell holds: a string's value, a number's or boolean's JSON text, "" for {@code null} or a missing value,
 * and the compact JSON of an object or array. Because reading stops early, a payload that goes bad after the last
 * wanted value still fills its cells; a payload that is not JSON up to there leaves all cells empty.
 */
final class JsonColumns {
    /** The most pointers one instance takes: which pointers are still open is a bit set in a {@code long}. */
    static final int MAX_POINTERS = 64;

    private static final ObjectMapper TREES = new ObjectMapper();
    private static final JsonFactory FACTORY = TREES.getFactory();

    private final JsonPointer[] pointers;
    /** Per pointer, per depth: the property name the path takes there. */
    private final String[][] names;
    /** Per pointer, per depth: the array index the path takes there, or -1 when the segment is no index. */
    private final int[][] indexes;

    private final long all;
    private long open; // pointers not found yet in the current payload

    JsonColumns(JsonPointer[] pointers) {
        if (pointers.length > MAX_POINTERS) {
            throw new IllegalArgumentException("at most " + MAX_POINTERS + " JSON columns, got " + pointers.length);
        }
        this.pointers = pointers.clone();
        this.names = new String[pointers.length][];
        this.indexes = new int[pointers.length][];
        for (int i = 0; i < pointers.length; i++) {
            int depth = 0;
            for (JsonPointer p = pointers[i]; !p.matches(); p = p.tail()) depth++;
            names[i] = new String[depth];
            indexes[i] = new int[depth];
            int d = 0;
            for (JsonPointer p = pointers[i]; !p.matches(); p = p.tail(), d++) {
                names[i][d] = p.getMatchingProperty();
                indexes[i][d] = p.getMatchingIndex();
            }
        }
        this.all = pointers.length == MAX_POINTERS ? -1L : (1L << pointers.length) - 1;
    }

    /**
     * Writes pointer {@code i}'s value into {@code cells[from + i]}.
     *
     * @return false when the payload is not JSON (then every one of these cells is "")
     */
    boolean extract(byte[] json, String[] cells, int from) {
        Arrays.fill(cells, from, from + pointers.length, "");
        open = all;
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) return false; // empty payload
            value(parser, first, 0, all, cells, from);
            return true;
        } catch (IOException notJson) {
            Arrays.fill(cells, from, from + pointers.length, "");
            return false;
        }
    }

    /** Fills the cells of {@code tree} (a payload already parsed for another reason). */
    void extract(JsonNode tree, String[] cells, int from) {
        for (int i = 0; i < pointers.length; i++) cells[from + i] = text(tree.at(pointers[i]));
    }

    /**
     * Reads the value starting at {@code token}, at {@code depth}, which the paths of the pointers in {@code onPath}
     * lead through (or to).
     *
     * @return true once every pointer has been found (the caller stops reading)
     */
    private boolean value(JsonParser parser, JsonToken token, int depth, long onPath, String[] cells, int from)
            throws IOException {
        long here = 0;
        long deeper = 0;
        for (long bits = onPath; bits != 0; bits &= bits - 1) {
            int i = Long.numberOfTrailingZeros(bits);
            if (names[i].length == depth) here |= 1L << i;
            else deeper |= 1L << i;
        }
        if (here != 0) {
            if (token.isStructStart()) {
                // A whole object or array is wanted: read it as a tree, which also serves pointers deeper inside it.
                JsonNode tree = TREES.readTree(parser);
                for (long bits = onPath; bits != 0; bits &= bits - 1) {
                    int i = Long.numberOfTrailingZeros(bits);
                    cells[from + i] = text(tree.at(relative(pointers[i], depth)));
                }
                open &= ~onPath;
                return open == 0;
            }
            String text = token == JsonToken.VALUE_NULL ? "" : parser.getText();
            for (long bits = here; bits != 0; bits &= bits - 1) cells[from + Long.numberOfTrailingZeros(bits)] = text;
            open &= ~here;
            if (open == 0) return true;
        }
        if (token == JsonToken.START_OBJECT) {
            if (deeper == 0) {
                parser.skipChildren();
                return false;
            }
            JsonToken t;
            while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken child = parser.nextToken();
                long next = 0;
                for (long bits = deeper; bits != 0; bits &= bits - 1) {
                    int i = Long.numberOfTrailingZeros(bits);
                    if (names[i][depth].equals(name)) next |= 1L << i;
                }
                if (next == 0) {
                    parser.skipChildren();
                } else if (value(parser, child, depth + 1, next, cells, from)) {
                    return true;
                }
            }
            if (t != JsonToken.END_OBJECT) throw new IOException("unexpected " + t);
        } else if (token == JsonToken.START_ARRAY) {
            if (deeper == 0) {
                parser.skipChildren();
                return false;
            }
            JsonToken child;
            for (int index = 0; (child = parser.nextToken()) != JsonToken.END_ARRAY; index++) {
                if (child == null) throw new IOException("unexpected end of input");
                long next = 0;
                for (long bits = deeper; bits != 0; bits &= bits - 1) {
                    int i = Long.numberOfTrailingZeros(bits);
                    if (indexes[i][depth] == index) next |= 1L << i;
                }
                if (next == 0) {
                    parser.skipChildren();
                } else if (value(parser, child, depth + 1, next, cells, from)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonPointer relative(JsonPointer pointer, int depth) {
        JsonPointer p = pointer;
        for (int d = 0; d < depth; d++) p = p.tail();
        return p;
    }

    /** A cell's text for a tree node: see the class comment. */
    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) return "";
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
