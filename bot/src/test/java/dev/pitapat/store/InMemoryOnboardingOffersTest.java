package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.testing.MovableClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryOnboardingOffersTest extends OnboardingOffersContract {

    @Override
    OnboardingOffers newOffers() {
        return new InMemoryOnboardingOffers(Clock.systemUTC());
    }

    @Override
    OnboardingOffers anotherReplicaOf(OnboardingOffers offers) {
        return offers; // one replica: every caller shares the instance
    }

    @Test
    void aClaimLapsesExactlyAtItsTtlOnTheInjectedClock() {
        MovableClock clock = new MovableClock(MONDAY);
        OnboardingOffers offers = new InMemoryOnboardingOffers(clock);
        offers.claim(REPO, "delivery-a", Duration.ofMinutes(10));

        clock.set(MONDAY.plus(Duration.ofMinutes(10)).minusMillis(1));
        assertThat(offers.claim(REPO, "delivery-b", Duration.ofMinutes(10))).isFalse();

        clock.set(MONDAY.plus(Duration.ofMinutes(10)));
        assertThat(offers.release(REPO, "delivery-a")).isFalse();
        assertThat(offers.claim(REPO, "delivery-b", Duration.ofMinutes(10))).isTrue();
    }
}
