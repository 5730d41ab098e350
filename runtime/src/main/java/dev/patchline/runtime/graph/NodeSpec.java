package dev.patchline.runtime.graph;

import dev.patchline.runtime.param.ParamValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One node of a graph as written in a file or built in code: id, operator type id, parameter values
 * that differ from the defaults, wired inputs (ids of upstream nodes, in input order), optional
 * callbacks, editor position and comment. Immutable; compares by content.
 *
 * @param id        unique id within the graph ({@code [A-Za-z_][A-Za-z0-9_]*})
 * @param type      operator type id, e.g. {@code "select"}
 * @param params    parameter name to value, in file order
 * @param inputs    upstream node ids in input order
 * @param callbacks callbacks, or null
 * @param x         editor x position, or null
 * @param y         editor y position, or null
 * @param comment   free text, or null
 */
public record NodeSpec(
        String id,
        String type,
        Map<String, ParamValue> params,
        List<String> inputs,
        CallbackSpec callbacks,
        Double x,
        Double y,
        String comment) {

    public NodeSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        inputs = List.copyOf(inputs);
    }

    /** {@return a node with only an id and a type} */
    public static NodeSpec of(String id, String type) {
        return new NodeSpec(id, type, Map.of(), List.of(), null, null, null, null);
    }

    /** {@return a copy with parameter {@code name} set (or removed when {@code value} is null)} */
    public NodeSpec withParam(String name, ParamValue value) {
        Map<String, ParamValue> p = new LinkedHashMap<>(params);
        if (value == null) p.remove(name);
        else p.put(name, value);
        return new NodeSpec(id, type, p, inputs, callbacks, x, y, comment);
    }

    /** {@return a copy with these inputs} */
    public NodeSpec withInputs(List<String> newInputs) {
        return new NodeSpec(id, type, params, newInputs, callbacks, x, y, comment);
    }

    /** {@return a copy with these callbacks (null for none)} */
    public NodeSpec withCallbacks(CallbackSpec newCallbacks) {
        return new NodeSpec(id, type, params, inputs, newCallbacks, x, y, comment);
    }
}
