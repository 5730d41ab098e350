/**
 * {@code patchline demo}. The command runs on the main thread; the graph cooks on its own thread and the
 * view reads it only through snapshots taken on that thread.
 */
package dev.patchline.cli.demo;
