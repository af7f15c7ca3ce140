package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.testing.MovableClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryEnvironmentLocksTest extends EnvironmentLocksContract {

    @Override
    EnvironmentLocks newLocks() {
        return new InMemoryEnvironmentLocks(Clock.systemUTC());
    }

    @Override
    EnvironmentLocks anotherReplicaOf(EnvironmentLocks locks) {
        return locks; // one replica: every caller shares the instance
    }

    @Test
    void aLeaseLapsesExactlyAtItsTtlOnTheInjectedClock() {
        MovableClock clock = new MovableClock(MONDAY);
        EnvironmentLocks locks = new InMemoryEnvironmentLocks(clock);
        Lease lease = locks.tryAcquire(target("hello", "staging"), "deploy-1", Duration.ofMinutes(10))
                .orElseThrow();
        assertThat(lease.acquiredAt()).isEqualTo(MONDAY);
        assertThat(lease.expiresAt()).isEqualTo(MONDAY.plus(Duration.ofMinutes(10)));

        clock.set(MONDAY.plus(Duration.ofMinutes(10)).minusMillis(1));
        assertThat(locks.tryAcquire(target("hello", "staging"), "deploy-2", Duration.ofMinutes(10)))
                .isEmpty();

        clock.set(MONDAY.plus(Duration.ofMinutes(10)));
        assertThat(locks.leaseOf(target("hello", "staging"))).isEmpty();
        assertThat(locks.renew(lease, Duration.ofMinutes(10))).isFalse();
        assertThat(locks.tryAcquire(target("hello", "staging"), "deploy-2", Duration.ofMinutes(10)))
                .isPresent();
    }

    @Test
    void aWaiterDropsOutExactlyAtItsTtlOnTheInjectedClock() {
        MovableClock clock = new MovableClock(MONDAY);
        EnvironmentLocks locks = new InMemoryEnvironmentLocks(clock);
        locks.joinLine(target("hello", "staging"), "a", Duration.ofMinutes(1));
        locks.joinLine(target("hello", "staging"), "b", Duration.ofMinutes(5));

        clock.set(MONDAY.plusSeconds(59));
        assertThat(locks.waiting(target("hello", "staging"))).containsExactly("a", "b");

        clock.set(MONDAY.plusSeconds(60));
        assertThat(locks.waiting(target("hello", "staging"))).containsExactly("b");
    }
}
