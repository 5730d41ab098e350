/**
 * MQTT topic names and topic filters: validation, shared-subscription parsing and a subscription trie.
 *
 * <p>Everything here is pure computation on strings: no sockets, no clocks, no Netty transport
 * (an ArchUnit test keeps it that way).
 *
 * <p><b>Threading:</b> {@link dev.patchline.protocol.mqtt.topic.Topics} and
 * {@link dev.patchline.protocol.mqtt.topic.TopicFilter} are stateless or immutable and safe from any thread.
 * A {@link dev.patchline.protocol.mqtt.topic.TopicTrie} is <em>not</em> thread-safe: it belongs to one owner
 * thread (the engine's or the cook thread), which does every add, remove and match.
 */
package dev.patchline.protocol.mqtt.topic;
