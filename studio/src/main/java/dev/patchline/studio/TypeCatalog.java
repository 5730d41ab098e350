package dev.patchline.studio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchline.runtime.op.CallbackDoc;
import dev.patchline.runtime.op.OperatorPages;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.MenuEntry;
import dev.patchline.runtime.param.ParamKind;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.List;

/**
 * The snapshot's {@code types}: every registered operator type with its parameter descriptors and the same help text
 * as {@code patchline ops NAME} ({@link OperatorPages}). Built once per server start; immutable afterwards.
 */
final class TypeCatalog {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TypeCatalog() {}

    /** {@return the {@code types} array for a registry} */
    static ArrayNode of(OperatorRegistry registry) {
        ArrayNode types = JSON.arrayNode();
        for (OperatorType t : OperatorPages.sorted(registry.all())) types.add(type(t));
        return types;
    }

    static ObjectNode type(OperatorType t) {
        ObjectNode o = JSON.objectNode();
        o.put("id", t.id());
        o.put("family", t.family().name());
        o.put("label", t.doc().label());
        o.put("summary", t.doc().summary());
        o.put("doc", OperatorPages.page(t));
        ObjectNode inputs = o.putObject("inputs");
        List<PortSpec> ports = t.inputs();
        int min = 0;
        for (PortSpec p : ports) if (p.required()) min++;
        inputs.put("min", min);
        boolean repeating = !ports.isEmpty() && ports.get(ports.size() - 1).repeating();
        if (repeating) inputs.putNull("max");
        else inputs.put("max", ports.size());
        ArrayNode families = inputs.putArray("families");
        for (PortSpec p : ports) families.add(p.family().name());
        ArrayNode callbacks = o.putArray("callbacks");
        for (CallbackDoc cb : t.doc().callbacks()) callbacks.add(cb.name());
        ArrayNode params = o.putArray("params");
        for (ParameterDescriptor<?> p : t.parameters()) params.add(param(p));
        return o;
    }

    static ObjectNode param(ParameterDescriptor<?> p) {
        ObjectNode o = JSON.objectNode();
        o.put("name", p.name());
        o.put("label", p.label());
        o.put("kind", p.kind().displayName());
        if (p.kind() == ParamKind.SECRET || p.kind() == ParamKind.PULSE || p.defaultValue() == null) {
            o.putNull("default");
        } else {
            o.set("default", p.toJson(p.defaultValue()));
        }
        o.put("help", p.help());
        if (p.min() != null) o.put("min", p.min());
        if (p.max() != null) o.put("max", p.max());
        if (!p.menu().isEmpty()) {
            ArrayNode menu = o.putArray("menu");
            for (MenuEntry e : p.menu()) menu.addObject().put("name", e.name()).put("label", e.label());
        }
        if (p.operatorFamily() != null) o.put("family", p.operatorFamily().name());
        if (p.kind() == ParamKind.LIST && p.listCodec() != null) {
            ArrayNode fields = o.putArray("fields");
            for (ParameterDescriptor<?> f : p.listCodec().fields()) fields.add(param(f));
        }
        return o;
    }
}
