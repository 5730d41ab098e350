/**
 * {@code bench/run tcp}: 32-byte lines into a server TCP/IP DAT and out of a client TCP/IP DAT, each against a bare
 * Netty pipeline (LineBasedFrameDecoder and a counting handler) in the same run.
 *
 * <p>Threading: the benchmark's own thread drives each scenario; blasters and sinks run on their own threads or
 * Netty event loops and publish counts through atomics.
 */
package dev.patchline.bench.tcp;
