package dev.patchline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs with the build's surefire settings: paranoid leak detection through {@link LeakRecordingDetector}. */
class NettyLeakCheckTest {

    /** Allocates in its own frame, so that nothing on the test's stack keeps the buffer reachable. */
    private static void allocate(boolean release) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        buffer.writeLong(42);
        if (release) {
            buffer.release();
        }
    }

    @Test
    void the_build_runs_tests_with_paranoid_detection_through_the_recording_detector() {
        allocate(true);
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        assertThat(LeakRecordingDetector.active())
                .as("Netty uses LeakRecordingDetector")
                .isTrue();
    }

    @Test
    void a_buffer_collected_without_release_is_reported_with_its_records() throws InterruptedException {
        allocate(false);
        List<String> leaks = LeakRecordingDetector.collectAndDrain();
        assertThat(leaks).hasSize(1);
        assertThat(leaks.get(0))
                .contains("ByteBuf was garbage-collected without release()")
                .contains(NettyLeakCheckTest.class.getName() + ".allocate");
    }

    @Test
    void released_buffers_are_not_reported() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            allocate(true);
        }
        assertThat(LeakRecordingDetector.collectAndDrain()).isEmpty();
    }

    @Test
    void the_extension_fails_the_test_class_that_leaves_a_leak_behind() {
        ExtensionContext leakyClass = (ExtensionContext) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ExtensionContext.class},
                (proxy, method, args) -> method.getName().equals("getDisplayName") ? "LeakyTest" : null);
        allocate(false);
        assertThatThrownBy(() -> new NettyLeakCheck().afterAll(leakyClass))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Netty reported 1 leaked resource(s) after the tests of LeakyTest")
                .hasMessageContaining(NettyLeakCheckTest.class.getName() + ".allocate");
    }
}
