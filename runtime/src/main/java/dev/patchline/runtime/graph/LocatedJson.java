package dev.patchline.runtime.graph;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses JSON into a Jackson tree while remembering where every value starts, keyed by JSON pointer,
 * so that problems found later in the tree can be reported with line and column. Object members are
 * located at their key (that is where a reader looks for a misspelt name). Duplicate keys are problems.
 */
final class LocatedJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final JsonNode root;
    private final Map<String, int[]> locations;

    private LocatedJson(JsonNode root, Map<String, int[]> locations) {
        this.root = root;
        this.locations = locations;
    }

    /**
     * Parses {@code text}; syntax errors and duplicate keys are added to {@code problems}.
     *
     * @return the parsed document, or null after a syntax error
     */
    static LocatedJson parse(String text, List<GraphProblem> problems) {
        Map<String, int[]> locations = new HashMap<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                problems.add(new GraphProblem(
                        "", 1, 1, "the file is empty; a graph is {\"patchline\": 1, \"nodes\": [...]}"));
                return null;
            }
            locations.put("", loc(p.currentTokenLocation()));
            JsonNode root = read(p, "", locations, problems);
            if (p.nextToken() != null) {
                JsonLocation l = p.currentTokenLocation();
                problems.add(new GraphProblem(
                        "", l.getLineNr(), l.getColumnNr(), "unexpected content after the end of the graph object"));
            }
            return new LocatedJson(root, locations);
        } catch (JsonParseException e) {
            JsonLocation l = e.getLocation();
            problems.add(new GraphProblem(
                    "",
                    l == null ? 0 : l.getLineNr(),
                    l == null ? 0 : l.getColumnNr(),
                    "invalid JSON: " + e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            problems.add(new GraphProblem("", 0, 0, "cannot read JSON: " + e.getMessage()));
            return null;
        }
    }

    private static JsonNode read(
            JsonParser p, String pointer, Map<String, int[]> locations, List<GraphProblem> problems)
            throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String child = pointer + "/" + GraphValidator.escape(key);
                    int[] keyLoc = loc(p.currentTokenLocation());
                    p.nextToken();
                    if (o.has(key)) {
                        problems.add(new GraphProblem(
                                child, keyLoc[0], keyLoc[1], "duplicate key '" + key + "'; each key may appear once"));
                        read(p, child + "#dup", locations, problems);
                        continue;
                    }
                    locations.put(child, keyLoc);
                    o.set(key, read(p, child, locations, problems));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    String child = pointer + "/" + i++;
                    locations.put(child, loc(p.currentTokenLocation()));
                    a.add(read(p, child, locations, problems));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IllegalStateException("unexpected token " + p.currentToken());
        }
    }

    private static int[] loc(JsonLocation l) {
        return new int[] {l.getLineNr(), l.getColumnNr()};
    }

    /** {@return the problem placed at its pointer's location, or at the nearest located parent} */
    GraphProblem locate(GraphProblem p) {
        if (p.line() > 0) return p;
        String ptr = p.pointer();
        while (true) {
            int[] l = locations.get(ptr);
            if (l != null) return new GraphProblem(p.pointer(), l[0], l[1], p.message());
            if (ptr.isEmpty()) return p;
            ptr = ptr.substring(0, ptr.lastIndexOf('/'));
        }
    }
}
