/**
 * Running graphs: {@link dev.patchline.runtime.cook.Patch} (start, clocks, live edits, stats),
 * {@link dev.patchline.runtime.cook.PatchOptions} and the scheduler behind them.
 *
 * <p>Threading rule: one cook thread per patch owns every node, table and channel. Other threads talk
 * to a patch only through {@code Patch} methods ({@code edit}, {@code query}, {@code stats}, {@code stop},
 * {@code close}), which hand work to the cook thread; I/O threads talk to nodes only through
 * {@link dev.patchline.runtime.op.Inbox} and {@code wakeup()}. With the manual clock the caller's
 * thread is the cook thread. One shared daemon thread, {@code patchline-watchdog}, samples where each
 * patch's cook thread is (release stores on the cook thread, acquire loads on the watchdog) and never
 * touches graph state; what it finds reaches a node through the patch's edit queue.
 *
 * <p>Nothing waits for the cook thread without a limit: {@code close()}, {@code stats()} and
 * {@code graph()} wait at most {@link dev.patchline.runtime.cook.PatchOptions#waitLimit()}, and called
 * on the cook thread itself they do not wait at all.
 *
 * <p>Cooking follows TouchDesigner: pull from roots (always-cook types, nodes with callbacks, watched
 * nodes); a node cooks only with a reason; a failing node shows an error and the rest keeps cooking.
 *
 * <p>Unless stated otherwise, null arguments cause {@link java.lang.NullPointerException}.
 */
package dev.patchline.runtime.cook;
