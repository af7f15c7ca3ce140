package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IntakePressureTest {

    private final AtomicLong now = new AtomicLong();
    private final IntakePressure pressure = new IntakePressure(now::get);

    private void arrive(int webhooks, long overMillis) {
        for (int i = 0; i < webhooks; i++) {
            pressure.arrived();
        }
        now.addAndGet(overMillis * 1_000_000L);
    }

    @Test
    void aBurstBeginsAtTheRateAndEndsBelowHalfOfIt() {
        arrive(19, 100); // 190 a second
        assertThat(pressure.burst(200)).isFalse();
        arrive(20, 100); // 200 a second
        assertThat(pressure.burst(200)).isTrue();
        arrive(11, 100); // 110 a second: slower, but not yet half
        assertThat(pressure.burst(200)).isTrue();
        arrive(9, 100); // 90 a second
        assertThat(pressure.burst(200)).isFalse();
    }

    @Test
    void aSpanShorterThanItsWindowKeepsTheLastVerdict() {
        arrive(100, 100);
        assertThat(pressure.burst(200)).isTrue();
        arrive(0, 10); // 10 ms without a webhook says nothing yet
        assertThat(pressure.burst(200)).isTrue();
        arrive(0, 90);
        assertThat(pressure.burst(200)).isFalse();
    }
}
