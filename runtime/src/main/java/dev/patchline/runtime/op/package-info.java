/**
 * The operator SPI: {@link dev.patchline.runtime.op.OperatorType} (id, family, parameters, ports, docs,
 * factory), {@link dev.patchline.runtime.op.Operator} (lifecycle {@code onStart} / {@code cook} /
 * {@code onStop}), the contexts the runtime hands to operators, {@link dev.patchline.runtime.op.Inbox}
 * for work arriving from other threads, and {@link dev.patchline.runtime.op.Callbacks}.
 *
 * <p>Threading rule: one cook thread per graph owns all graph state. Operators run only on it and
 * need no locks. Other threads may call exactly two things: {@link dev.patchline.runtime.op.OperatorContext#wakeup()}
 * and {@link dev.patchline.runtime.op.Inbox#offer(Object)}; both are lock-free and never block.
 * Types, docs and the registry are immutable and thread-safe.
 *
 * <p>Unless stated otherwise, null arguments cause {@link java.lang.NullPointerException}.
 */
package dev.patchline.runtime.op;
