package dev.patchline.nodes.mqtt;

import dev.patchline.protocol.mqtt.topic.Topics;
import dev.patchline.protocol.mqtt.transport.ServerUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The checks of single parameter values of the MQTT operators. Each returns null when the value is fine, else what is
 * wrong and how to fix it, without the parameter's name (the caller adds it). They run twice on purpose: as the
 * parameters' {@link dev.patchline.runtime.param.ValueCheck}s, so a graph with a bad constant fails at load,
 * {@code patchline validate} or a live edit; and at cook time on the values the node really reads, which may come
 * from expressions. Stateless, thread-safe.
 */
final class ParameterChecks {
    private ParameterChecks() {}

    static String brokerUrl(String url) {
        try {
            ServerUri.parse(url);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    static String topicFilter(String filter) {
        try {
            Topics.validateFilter(filter);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage() + "; write a filter like sensors/+/temp or sensors/#";
        }
    }

    static String subscriptions(List<SubscriptionSpec> subscriptions) {
        for (int i = 0; i < subscriptions.size(); i++) {
            String problem = topicFilter(subscriptions.get(i).topic());
            if (problem != null)
                return "entry " + i + " ('" + subscriptions.get(i).topic() + "'): " + problem;
        }
        return null;
    }

    /** An empty topic is allowed (no will). */
    static String optionalTopicName(String topic) {
        if (topic.isEmpty() || Topics.isValidName(topic)) return null;
        return "'" + topic + "' is not a valid topic name: it must not contain the wildcards + or #; write e.g."
                + " devices/lamp1/status";
    }

    /** An empty path is allowed (no file); a relative one resolves against {@code baseDir}. */
    static String optionalReadableFile(String path, Path baseDir) {
        if (path.isEmpty()) return null;
        Path p = Path.of(path);
        Path resolved = (p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p))
                .toAbsolutePath()
                .normalize();
        if (Files.isReadable(resolved) && Files.isRegularFile(resolved)) return null;
        return "cannot read file " + resolved + (Files.exists(resolved) ? " (not a readable file)" : " (no such file)")
                + "; fix the path (a relative path starts at the graph file's folder) or leave it empty";
    }

    static String jsonColumns(Map<String, String> columns) {
        return RowFormat.checkColumns(columns);
    }
}
