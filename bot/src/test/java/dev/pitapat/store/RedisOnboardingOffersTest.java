package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.testing.RedisServer;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisConnection;

class RedisOnboardingOffersTest extends OnboardingOffersContract {

    @RegisterExtension
    final RedisReplicas replicas = new RedisReplicas();

    @Override
    OnboardingOffers newOffers() {
        return offersOn(RedisServer.shared().port());
    }

    /** A second connection factory on the same keys: what another replica of the bot has. */
    @Override
    OnboardingOffers anotherReplicaOf(OnboardingOffers offers) {
        return offersOn(RedisServer.shared().port());
    }

    private OnboardingOffers offersOn(int port) {
        return replicas.storeOn(port, (factory, properties) -> new RedisOnboardingOffers(factory, properties));
    }

    @Test
    void keepsTheOfferForGoodAndTheClaimExpiringOnTheServer() {
        offers.claim(OTHER, "delivery-a", LONG);
        offers.record(REPO, new OnboardingOffer("Codertocat/Hello-World", 12, MONDAY));

        try (RedisConnection redis = replicas.connection()) {
            assertThat(replicas.keys(redis))
                    .containsExactly(
                            replicas.prefix() + "onboarding-claim:" + OTHER, replicas.prefix() + "onboarding:" + REPO);
            assertThat(redis.keyCommands().pTtl(replicas.key("onboarding:" + REPO)))
                    .isEqualTo(-1L);
            assertThat(redis.keyCommands().pTtl(replicas.key("onboarding-claim:" + OTHER)))
                    .isBetween(1L, LONG.toMillis());
        }
    }

    @Test
    void worksAfterRedisForgetsItsScripts() {
        try (RedisConnection redis = replicas.connection()) {
            redis.scriptingCommands().scriptFlush();
        }

        assertThat(offers.claim(REPO, "delivery-a", LONG)).isTrue();
        assertThat(offers.release(REPO, "delivery-a")).isTrue();
        assertThat(offers.record(REPO, new OnboardingOffer("Codertocat/Hello-World", 12, MONDAY)))
                .isTrue();
    }

    @Test
    void refusesEveryCallWhenRedisIsDownNamingWhatItWasDoing() throws Exception {
        OnboardingOffers down = offersOn(RedisServer.freePort());
        Map<String, Consumer<OnboardingOffers>> calls = Map.of(
                "reading the onboarding offer of repository " + REPO, o -> o.offered(REPO),
                "claiming the onboarding of repository " + REPO, o -> o.claim(REPO, "delivery-a", LONG),
                "recording the onboarding offer of repository " + REPO,
                        o -> o.record(REPO, new OnboardingOffer("Codertocat/Hello-World", 12, MONDAY)),
                "releasing the onboarding claim of repository " + REPO, o -> o.release(REPO, "delivery-a"));

        calls.forEach((what, call) -> assertThatThrownBy(() -> call.accept(down))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith(what + " in Redis"));
    }
}
