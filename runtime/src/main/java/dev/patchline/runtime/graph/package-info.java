/**
 * The graph model ({@link dev.patchline.runtime.graph.Graph}, {@link dev.patchline.runtime.graph.NodeSpec}),
 * its Java builder, JSON reading and writing ({@link dev.patchline.runtime.graph.GraphJson}), validation
 * with JSON pointers and line:column ({@link dev.patchline.runtime.graph.GraphValidator}) and the
 * generated JSON Schema ({@link dev.patchline.runtime.graph.GraphSchema}).
 *
 * <p>Threading: the model is immutable and thread-safe; builders are not. Reading, writing and
 * validating are stateless and may run on any thread.
 *
 * <p>Unless stated otherwise, null arguments cause {@link java.lang.NullPointerException}.
 */
package dev.patchline.runtime.graph;
