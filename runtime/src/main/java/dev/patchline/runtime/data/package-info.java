/**
 * Data that flows along wires: DAT {@link dev.patchline.runtime.data.Table}s (string cells, header row,
 * optional raw bytes, bounded FIFO, version and delta per cook) and CHOP
 * {@link dev.patchline.runtime.data.Channels} (named double samples with a rate).
 *
 * <p>Threading: every object in this package is confined to the cook thread of the graph that owns it.
 * Nothing here is thread-safe and nothing needs to be: I/O threads hand data to operators through an
 * {@link dev.patchline.runtime.op.Inbox}, never by touching a table.
 *
 * <p>Unless stated otherwise, null arguments cause {@link java.lang.NullPointerException}.
 */
package dev.patchline.runtime.data;
