/**
 * Scripts for expressions and callbacks: {@link dev.patchline.runtime.script.ScriptEngineBridge}, a
 * JSR-223-style bridge with explicit compile and bind steps, and its Groovy implementation
 * {@link dev.patchline.runtime.script.GroovyBridge}. Script variables mirror TouchDesigner's names:
 * {@code me}, {@code op('id')}, {@code absTime.frame}, {@code absTime.seconds}, plus {@code log}.
 *
 * <p>Threading: compiling is thread-safe and cached. Bound expressions, script instances and
 * callbacks run on the cook thread only.
 *
 * <p>Unless stated otherwise, null arguments cause {@link java.lang.NullPointerException}.
 */
package dev.patchline.runtime.script;
