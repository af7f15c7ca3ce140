package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.testing.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryLeasesTest extends LeasesContract {

    static final Instant MONDAY = Instant.parse("2026-03-02T09:15:30.123Z");

    @Override
    Leases newLeases() {
        return new InMemoryLeases(Clock.systemUTC());
    }

    @Override
    Leases anotherReplicaOf(Leases leases) {
        return leases; // one replica: every caller shares the instance
    }

    @Test
    void aLeaseLapsesExactlyAtItsTtlOnTheInjectedClock() {
        MovableClock clock = new MovableClock(MONDAY);
        Leases leases = new InMemoryLeases(clock);
        leases.hold("follower", "replica-a", Duration.ofSeconds(30));

        clock.set(MONDAY.plusSeconds(30).minusMillis(1));
        assertThat(leases.holder("follower")).contains("replica-a");
        assertThat(leases.hold("follower", "replica-b", Duration.ofSeconds(30))).isFalse();

        clock.set(MONDAY.plusSeconds(30));
        assertThat(leases.holder("follower")).isEmpty();
        assertThat(leases.release("follower", "replica-a")).isFalse();
        assertThat(leases.hold("follower", "replica-b", Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void holdingAgainExtendsTheLeaseToTtlFromNowOnTheInjectedClock() {
        MovableClock clock = new MovableClock(MONDAY);
        Leases leases = new InMemoryLeases(clock);
        leases.hold("follower", "replica-a", Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(20));

        assertThat(leases.hold("follower", "replica-a", Duration.ofSeconds(30))).isTrue();

        clock.set(MONDAY.plusSeconds(50).minusMillis(1));
        assertThat(leases.holder("follower")).contains("replica-a");
        clock.set(MONDAY.plusSeconds(50));
        assertThat(leases.holder("follower")).isEmpty();
    }
}
