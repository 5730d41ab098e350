/**
 * Patchline Studio's server: a small Netty HTTP and WebSocket server that shows a running patch in the browser and
 * applies edits to it, over the protocol of {@code docs/guide/studio.md}.
 *
 * <p>Threading rule: each connection ({@link dev.patchline.studio.StudioSocket} and its
 * {@link dev.patchline.studio.Outbox}) is confined to its Netty event loop and never blocks it; other threads reach it
 * only by posting a task to that loop. One worker thread ({@link dev.patchline.studio.StudioHub}) ticks at most 30
 * times a second, sends the patch's cook thread one short copy query per tick for all connections, reads node
 * statistics, and applies edits and saves one at a time. The cook thread never waits for the studio, and a browser
 * that does not read is given less, never queued more: memory per connection stays bounded.
 */
package dev.patchline.studio;
