/**
 * Building blocks shared by the core operators: TouchDesigner-style name patterns, incremental reading
 * of input tables ({@link dev.patchline.nodes.core.DeltaReader}), table copying, per-row Groovy
 * expressions, CSV parsing and file change polling.
 *
 * <p>Threading: everything here runs on the cook thread of the owning graph, except
 * {@link dev.patchline.nodes.core.FileWatch}, whose single daemon thread only stats files and calls
 * {@code OperatorContext.wakeup()} (which is safe from any thread).
 */
package dev.patchline.nodes.core;
