/**
 * Test support shared by every module's tests (test scope only, never shipped): {@link
 * dev.patchline.testing.NettyLeakCheck} fails tests on Netty leak reports collected by {@link
 * dev.patchline.testing.LeakRecordingDetector}, and {@link dev.patchline.testing.ExternalTools} finds external
 * programs, skipping or failing (with {@code REQUIRE_TOOLS}) when one is missing.
 *
 * <p>Threading: the leak detector is called by Netty on any thread and keeps its reports in a concurrent queue;
 * the JUnit extension and {@code ExternalTools} run on the test thread.
 */
package dev.patchline.testing;
