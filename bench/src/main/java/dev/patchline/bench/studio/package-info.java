/**
 * {@code bench/run studio}: what the studio costs the patch it shows, how fast data reaches a real Chromium page, how
 * smoothly a large graph pans, and that stalled browsers do not grow the server's memory.
 *
 * <p>Threading: the benchmark drives everything from its main thread; a paced publisher thread sends MQTT messages and
 * one reader thread per browser process collects its output lines.
 */
package dev.patchline.bench.studio;
