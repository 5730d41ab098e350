package dev.patchline.protocol.mqtt.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class InboundBytesTest {

    private static final int READ = 64 * 1024;

    @Test
    void aPacketArrivingInManyReadsCostsAtMostTheLimitNotTwiceIt() {
        int limit = 1 << 20;
        InboundBytes inbound = new InboundBytes(UnpooledByteBufAllocator.DEFAULT, limit);
        int largest = 0;
        for (int received = 0; received < limit; received += READ) {
            inbound.append(Unpooled.wrappedBuffer(new byte[READ]));
            largest = Math.max(largest, inbound.buffer().capacity());
        }
        assertThat(inbound.buffer().readableBytes()).isEqualTo(limit);
        assertThat(largest)
                .as("the merged reads never grow beyond the largest acceptable packet")
                .isLessThanOrEqualTo(limit);
        inbound.discard();
    }

    @Test
    void moreThanTheLimitStillFitsWhenItMustBeHeld() {
        InboundBytes inbound = new InboundBytes(UnpooledByteBufAllocator.DEFAULT, 1_000);
        inbound.append(Unpooled.wrappedBuffer(new byte[900]));
        inbound.append(Unpooled.wrappedBuffer(new byte[900])); // a whole packet and the start of the next
        ByteBuf held = inbound.buffer();
        assertThat(held.readableBytes()).isEqualTo(1_800);
        inbound.append(Unpooled.wrappedBuffer(new byte[500]));
        assertThat(inbound.buffer().readableBytes()).isEqualTo(2_300);
        inbound.discard();
    }
}
