/**
 * Running graphs: {@link dev.patchline.runtime.cook.Patch} (start, clocks, live edits, stats),
 * {@link dev.patchline.runtime.cook.PatchOptions} and the scheduler behind them.
 *
 * <p>Inside, one room per concern. {@code Engine} keeps a patch's nodes by id, starts and stops them
 * and reports their stats; {@code FrameScheduler} runs frames (which nodes have a reason to cook, the
 * cooks themselves, wakeups from I/O threads, pull on demand) and alone owns each node's
 * {@code ScheduleState}; {@code ParameterEvaluator} gives parameters their values (constants,
 * environment, expressions, binds); {@code ReadRecorder} records what expressions and cooks read;
 * {@code Topology} rebuilds the order, soft edges and needed set when the graph's shape changes;
 * {@code EditApplier} creates nodes and applies live edits, which {@code ValidatingEditor} checks first;
 * {@code DiffApplier} turns the difference to a whole target graph ({@code Patch.apply}) into such edits, in an
 * order valid at every step; {@code GraphChangeFeed} keeps the graph's revision and tells the listeners.
 *
 * <p>Threading rule: one cook thread per patch owns every node, table and channel, and all of the
 * classes above run on it. Other threads talk to a patch only through {@code Patch} methods
 * ({@code edit}, {@code query}, {@code stats}, {@code stop}, {@code close}), which hand work to the
 * cook thread through the engine's edit queue; I/O threads talk to nodes only through
 * {@link dev.patchline.runtime.op.Inbox} and {@code wakeup()} (the scheduler's lock-free wakeup
 * stack). With the manual clock the caller's thread is the cook thread. One shared daemon thread,
 * {@code patchline-watchdog}, samples where each patch's cook thread is through {@code CookActivity}
 * (release stores on the cook thread, acquire loads on the watchdog) and never touches graph state;
 * what it finds reaches a node through the patch's edit queue. Graph change listeners
 * ({@code Patch.onGraphChange}) run on the cook thread right after the change and must not block.
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
