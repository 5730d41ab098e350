/**
 * Test support shipped in the runtime's test-jar: {@link dev.patchline.runtime.testing.OperatorTestRunner}
 * runs one operator in a real manual-clock patch.
 *
 * <p>Threading: everything runs on the test's thread (the manual clock makes it the cook thread); only
 * inbox offers and wakeups may come from other threads, as in production.
 */
package dev.patchline.runtime.testing;
