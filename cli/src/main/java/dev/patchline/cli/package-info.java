/**
 * The {@code patchline} command line. Commands run on the main thread; a running graph cooks on its own
 * cook thread, and the command only talks to it through {@code Patch.query}/{@code Patch.stats}, which
 * hop onto that thread. Ctrl-C stops the patch from a JVM shutdown hook.
 */
package dev.patchline.cli;
