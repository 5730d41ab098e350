package dev.patchline.runtime.op;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Human documentation of an operator type; the operator reference pages and {@code patchline ops NAME}
 * are generated from it. Immutable; build with {@link #builder(String)}.
 */
public final class OperatorDoc {
    private final String label;
    private final String summary;
    private final String details;
    private final Map<String, String> portText;
    private final List<CallbackDoc> callbacks;
    private final List<String> infoChannels;

    private OperatorDoc(Builder b) {
        this.label = b.label;
        this.summary = b.summary;
        this.details = b.details;
        this.portText = Map.copyOf(b.portText);
        this.callbacks = List.copyOf(b.callbacks);
        this.infoChannels = List.copyOf(b.infoChannels);
    }

    /** {@return a builder; {@code summary} is the one-line description shown in listings} */
    public static Builder builder(String summary) {
        return new Builder(summary);
    }

    /** {@return display name, e.g. "MQTT Client DAT"; empty when the type id is enough} */
    public String label() {
        return label;
    }

    /** {@return one line: what the operator does} */
    public String summary() {
        return summary;
    }

    /** {@return longer text (Markdown) for the reference page; may be empty} */
    public String details() {
        return details;
    }

    /** {@return extra text per port name, beyond the port's own description} */
    public Map<String, String> portText() {
        return portText;
    }

    /** {@return the callbacks this operator invokes, in documentation order} */
    public List<CallbackDoc> callbacks() {
        return callbacks;
    }

    /** {@return "name: meaning" lines for the info channels this operator reports} */
    public List<String> infoChannels() {
        return infoChannels;
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private String label = "";
        private final String summary;
        private String details = "";
        private final Map<String, String> portText = new LinkedHashMap<>();
        private final List<CallbackDoc> callbacks = new ArrayList<>();
        private final List<String> infoChannels = new ArrayList<>();

        private Builder(String summary) {
            this.summary = Objects.requireNonNull(summary, "summary");
        }

        public Builder label(String label) {
            this.label = Objects.requireNonNull(label);
            return this;
        }

        public Builder details(String markdown) {
            this.details = Objects.requireNonNull(markdown);
            return this;
        }

        public Builder port(String portName, String text) {
            portText.put(portName, text);
            return this;
        }

        /** Documents a callback; {@code args} are the argument names in call order. */
        public Builder callback(String name, String description, String... args) {
            callbacks.add(new CallbackDoc(name, List.of(args), description));
            return this;
        }

        /** Documents an info channel, e.g. {@code info("received", "messages received since start")}. */
        public Builder info(String channel, String meaning) {
            infoChannels.add(channel + ": " + meaning);
            return this;
        }

        public OperatorDoc build() {
            return new OperatorDoc(this);
        }
    }
}
