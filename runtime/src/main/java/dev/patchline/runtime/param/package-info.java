/**
 * Typed parameters: {@link dev.patchline.runtime.param.ParameterDescriptor} keys declared by operator
 * types, and {@link dev.patchline.runtime.param.ParamValue}, the mode a graph gives each parameter
 * (constant, expression, bind, environment).
 *
 * <p>Threading: descriptors, codecs and values are immutable and thread-safe. Builders are not.
 *
 * <p>Unless stated otherwise, null arguments cause {@link java.lang.NullPointerException}.
 */
package dev.patchline.runtime.param;
