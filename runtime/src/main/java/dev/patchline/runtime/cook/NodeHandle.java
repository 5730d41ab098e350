package dev.patchline.runtime.cook;

import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.NodeView;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParamKind;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The script-facing view of a node ({@code me}, {@code op('id')}). Every read is recorded as a
 * dependency of whatever is evaluating (an expression or a cook). Cook thread only.
 */
final class NodeHandle implements NodeView {
    private final NodeRuntime node;
    private final ParMap par;

    NodeHandle(NodeRuntime node) {
        this.node = node;
        this.par = new ParMap();
    }

    private NodeRuntime read() {
        node.engine.reads.record(node);
        return node;
    }

    @Override
    public String getId() {
        return node.id();
    }

    @Override
    public OperatorType getType() {
        return node.type;
    }

    @Override
    public Family getFamily() {
        return node.family;
    }

    @Override
    public Table getTable() {
        return read().table;
    }

    @Override
    public Channels getChannels() {
        return read().channels;
    }

    @Override
    public Map<String, Object> getPar() {
        return par;
    }

    @Override
    public void pulse(String name) {
        ParamSlot s = node.slot(name);
        if (s == null || s.descriptor.kind() != ParamKind.PULSE) {
            throw new IllegalArgumentException("node '" + node.id() + "' has no pulse parameter '" + name + "'");
        }
        node.engine.params.firePulse(node, s);
    }

    @Override
    public NodeState getState() {
        return read().state;
    }

    @Override
    public String getMessage() {
        return read().message;
    }

    @Override
    public long getCookCount() {
        return read().cookCount;
    }

    @Override
    public Map<String, Double> getInfo() {
        return read().infoMap();
    }

    @Override
    public String toString() {
        return "op('" + node.id() + "')";
    }

    /** Live parameter map: get reads the current value, put sets a constant. */
    private final class ParMap extends AbstractMap<String, Object> {
        @Override
        public Object get(Object key) {
            ParamSlot s = node.slot(String.valueOf(key));
            if (s == null) {
                throw new IllegalArgumentException(
                        "node '" + node.id() + "' (" + node.type.id() + ") has no parameter '" + key + "'");
            }
            read();
            return s.descriptor.kind() == ParamKind.PULSE ? (Object) s.firedNow : s.value;
        }

        @Override
        public boolean containsKey(Object key) {
            return node.slot(String.valueOf(key)) != null;
        }

        @Override
        public Object put(String key, Object value) {
            ParamSlot s = node.slot(key);
            if (s == null) {
                throw new IllegalArgumentException(
                        "node '" + node.id() + "' (" + node.type.id() + ") has no parameter '" + key + "'");
            }
            Object old = s.value;
            node.engine.params.setConstant(node, s, s.descriptor.coerce(value));
            return old;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            read();
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        int i;

                        @Override
                        public boolean hasNext() {
                            return i < node.params.length;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (!hasNext()) throw new NoSuchElementException();
                            ParamSlot s = node.params[i++];
                            return new SimpleImmutableEntry<>(s.descriptor.name(), s.value);
                        }
                    };
                }

                @Override
                public int size() {
                    return node.params.length;
                }
            };
        }
    }
}
