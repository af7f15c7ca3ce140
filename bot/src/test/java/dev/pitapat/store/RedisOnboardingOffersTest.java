package dev.pitapat.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

class RedisOnboardingOffersTest extends OnboardingOffersContract {

    private final List<JedisConnectionFactory> factories = new ArrayList<>();
    private final String prefix = RedisServer.freshPrefix();

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
        var factory = RedisServer.connectionFactory(port);
        factories.add(factory);
        return new RedisOnboardingOffers(factory, RedisStores.properties(prefix));
    }

    @AfterEach
    void closeConnections() {
        factories.forEach(JedisConnectionFactory::destroy);
    }

    @Test
    void keepsTheOfferForGoodAndTheClaimExpiringOnTheServer() {
        offers.claim(OTHER, "delivery-a", LONG);
        offers.record(REPO, new OnboardingOffer("Codertocat/Hello-World", 12, MONDAY));

        try (RedisConnection redis = factories.getFirst().getConnection()) {
            assertThat(keys(redis))
                    .containsExactly(prefix + "onboarding-claim:" + OTHER, prefix + "onboarding:" + REPO);
            assertThat(redis.keyCommands().pTtl(bytes("onboarding:" + REPO))).isEqualTo(-1L);
            assertThat(redis.keyCommands().pTtl(bytes("onboarding-claim:" + OTHER)))
                    .isBetween(1L, LONG.toMillis());
        }
    }

    @Test
    void worksAfterRedisForgetsItsScripts() {
        try (RedisConnection redis = factories.getFirst().getConnection()) {
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

    private byte[] bytes(String key) {
        return (prefix + key).getBytes(UTF_8);
    }

    private Set<String> keys(RedisConnection redis) {
        Set<String> keys = new TreeSet<>();
        Set<byte[]> found = redis.keyCommands().keys((prefix + "*").getBytes(UTF_8));
        if (found != null) {
            found.forEach(k -> keys.add(new String(k, UTF_8)));
        }
        return keys;
    }
}
