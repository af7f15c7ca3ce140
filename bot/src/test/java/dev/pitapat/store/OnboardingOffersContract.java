package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link OnboardingOffers} does; each implementation runs these same tests. */
abstract class OnboardingOffersContract {

    static final long REPO = 186853002;
    static final long OTHER = 186853007;
    static final Duration SHORT = Duration.ofMillis(300);
    static final Duration LONG = Duration.ofMinutes(5);
    static final Instant MONDAY = Instant.parse("2026-03-02T09:15:30.123456Z");

    /** A fresh, empty store. */
    abstract OnboardingOffers newOffers();

    /** The same store as {@code offers}, as another replica of the bot reaches it. */
    abstract OnboardingOffers anotherReplicaOf(OnboardingOffers offers);

    OnboardingOffers offers;

    @BeforeEach
    void freshStore() {
        offers = newOffers();
    }

    @Test
    void nothingIsOfferedToARepositoryAtFirst() {
        assertThat(offers.offered(REPO)).isEmpty();
    }

    @Test
    void keepsTheOfferToTheMillisecondAndAnotherReplicaSeesIt() {
        assertThat(offers.record(REPO, new OnboardingOffer("Codertocat/Hello-World", 12, MONDAY)))
                .isTrue();

        assertThat(anotherReplicaOf(offers).offered(REPO))
                .contains(new OnboardingOffer("Codertocat/Hello-World", 12, Instant.parse("2026-03-02T09:15:30.123Z")));
        assertThat(offers.offered(OTHER)).isEmpty();
    }

    @Test
    void theFirstOfferRecordedStays() {
        offers.record(REPO, new OnboardingOffer("Codertocat/Hello-World", 12, MONDAY));

        assertThat(anotherReplicaOf(offers).record(REPO, new OnboardingOffer("Codertocat/Hello-World", 13, MONDAY)))
                .isFalse();

        assertThat(offers.offered(REPO))
                .hasValueSatisfying(o -> assertThat(o.pullRequest()).isEqualTo(12));
    }

    @Test
    void oneHolderAtATimeClaimsARepositoryAndMayClaimAgain() {
        assertThat(offers.claim(REPO, "delivery-a", LONG)).isTrue();

        assertThat(anotherReplicaOf(offers).claim(REPO, "delivery-b", LONG)).isFalse();
        assertThat(offers.claim(REPO, "delivery-a", LONG)).isTrue(); // the same delivery, handled again
        assertThat(offers.claim(OTHER, "delivery-b", LONG)).isTrue();
    }

    @Test
    void aRecordedOfferEndsTheClaimAndNobodyClaimsAgain() {
        offers.claim(REPO, "delivery-a", LONG);

        offers.record(REPO, new OnboardingOffer("Codertocat/Hello-World", 12, MONDAY));

        assertThat(offers.claim(REPO, "delivery-a", LONG)).isFalse();
        assertThat(anotherReplicaOf(offers).claim(REPO, "delivery-b", LONG)).isFalse();
        assertThat(offers.release(REPO, "delivery-a")).isFalse();
    }

    @Test
    void aReleasedClaimLetsTheNextHolderTryAndOnlyItsHolderReleasesIt() {
        offers.claim(REPO, "delivery-a", LONG);

        assertThat(offers.release(REPO, "delivery-b")).isFalse();
        assertThat(offers.claim(REPO, "delivery-b", LONG)).isFalse();
        assertThat(offers.release(REPO, "delivery-a")).isTrue();

        assertThat(offers.release(REPO, "delivery-a")).isFalse();
        assertThat(anotherReplicaOf(offers).claim(REPO, "delivery-b", LONG)).isTrue();
        assertThat(offers.offered(REPO)).isEmpty();
    }

    @Test
    void aClaimWhoseHolderDiedLapsesAfterItsTtl() {
        offers.claim(REPO, "died-holding-it", SHORT);
        assertThat(offers.claim(REPO, "delivery-b", LONG)).isFalse();

        await().atMost(Duration.ofSeconds(10)).until(() -> offers.claim(REPO, "delivery-b", LONG));

        assertThat(offers.release(REPO, "died-holding-it")).isFalse();
        assertThat(offers.claim(REPO, "died-holding-it", LONG)).isFalse();
    }

    @Test
    void exactlyOneOfEightReplicasRacingForARepositoryClaimsIt() throws Exception {
        OnboardingOffers replicaA = offers;
        OnboardingOffers replicaB = anotherReplicaOf(offers);
        int replicas = 8;
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            for (int round = 1; round <= 25; round++) { // a race lost once in a while still shows
                long repository = 1000 + round;
                CyclicBarrier start = new CyclicBarrier(replicas);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < replicas; i++) {
                    OnboardingOffers store = i % 2 == 0 ? replicaA : replicaB;
                    String holder = "delivery-" + i;
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.claim(repository, holder, LONG);
                    }));
                }
                int holders = 0;
                for (Future<Boolean> result : results) {
                    holders += result.get() ? 1 : 0;
                }

                assertThat(holders).as("holders of repository %s", repository).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesIdsHoldersTtlsAndOffersItCannotKeep() {
        assertThatThrownBy(() -> offers.offered(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> offers.claim(-1, "delivery-a", LONG)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> offers.claim(REPO, "two words", LONG)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> offers.claim(REPO, "delivery-a", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> offers.record(REPO, new OnboardingOffer("Codertocat/Hello-World", 0, MONDAY)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> offers.record(REPO, new OnboardingOffer("two words", 12, MONDAY)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> offers.release(REPO, "")).isInstanceOf(IllegalArgumentException.class);

        assertThat(offers.offered(REPO)).isEmpty();
        assertThat(offers.claim(REPO, "delivery-a", LONG)).isTrue();
    }
}
