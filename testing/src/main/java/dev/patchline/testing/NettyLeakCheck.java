package dev.patchline.testing;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty reported a leaked resource (a buffer garbage-collected without {@code release()}) while it
 * ran, and fails the test class when a garbage collection after its last test finds one. Registered for every test
 * through JUnit's extension auto-detection (this jar's {@code META-INF/services}; the build enables auto-detection),
 * effective where {@link LeakRecordingDetector} is Netty's detector.
 *
 * <p>A leak shows up when the collector frees the buffer, which can be during a later test than the one that
 * leaked; the message carries Netty's access records, which name the code that last touched the buffer.
 */
public final class NettyLeakCheck implements AfterEachCallback, AfterAllCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        failOn(LeakRecordingDetector.drain(), "while " + context.getDisplayName() + " ran");
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        failOn(LeakRecordingDetector.collectAndDrain(), "after the tests of " + context.getDisplayName());
    }

    private static void failOn(List<String> leaks, String when) {
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " leaked resource(s) " + when
                    + " (leaked here or in an earlier test of this JVM; release every buffer you retain):\n"
                    + String.join("\n\n", leaks));
        }
    }
}
