package dev.pitapat.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The onboarding offers in Redis, shared by every replica. Keys, after the configured prefix: {@code
 * onboarding:<repository id>}, a hash ({@code repo}, {@code pull-request}, {@code offered-at} in epoch
 * milliseconds) kept without expiry, and {@code onboarding-claim:<repository id>}, the holder, expiring by {@code PX}
 * on the server. Claiming, recording and releasing are Lua scripts ({@link OnboardingScripts}).
 */
final class RedisOnboardingOffers implements OnboardingOffers {

    private final RedisConnectionFactory factory;
    private final String prefix;

    RedisOnboardingOffers(RedisConnectionFactory factory, QueueProperties properties) {
        this.factory = factory;
        this.prefix = properties.keyPrefix();
    }

    @Override
    public Optional<OnboardingOffer> offered(long repositoryId) {
        Text.repositoryId(repositoryId);
        Map<byte[], byte[]> fields = run(
                "reading the onboarding offer of repository " + repositoryId,
                c -> c.hashCommands().hGetAll(offerKey(repositoryId)));
        if (fields == null || fields.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> read = new java.util.HashMap<>();
        fields.forEach((k, v) -> read.put(new String(k, UTF_8), new String(v, UTF_8)));
        try {
            return Optional.of(new OnboardingOffer(
                    read.get("repo"),
                    Integer.parseInt(read.get("pull-request")),
                    Instant.ofEpochMilli(Long.parseLong(read.get("offered-at")))));
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "the onboarding offer of repository " + repositoryId + " in Redis is not one pitapat wrote", e);
        }
    }

    @Override
    public boolean claim(long repositoryId, String holder, Duration ttl) {
        Text.repositoryId(repositoryId);
        Text.asciiWord("a claim holder", holder);
        long millis = Text.ttlMillis(ttl);
        return 1
                == run(
                        "claiming the onboarding of repository " + repositoryId,
                        c -> OnboardingScripts.CLAIM.run(
                                c,
                                List.of(offerKey(repositoryId), claimKey(repositoryId)),
                                List.of(bytes(holder), bytes(Long.toString(millis)))));
    }

    @Override
    public boolean record(long repositoryId, OnboardingOffer offer) {
        Text.repositoryId(repositoryId);
        OnboardingOffer kept = Text.offer(offer);
        return 1
                == run(
                        "recording the onboarding offer of repository " + repositoryId,
                        c -> OnboardingScripts.RECORD.run(
                                c,
                                List.of(offerKey(repositoryId), claimKey(repositoryId)),
                                List.of(
                                        bytes(kept.repo()),
                                        bytes(Integer.toString(kept.pullRequest())),
                                        bytes(Long.toString(kept.offeredAt().toEpochMilli())))));
    }

    @Override
    public boolean release(long repositoryId, String holder) {
        Text.repositoryId(repositoryId);
        Text.asciiWord("a claim holder", holder);
        return 1
                == run(
                        "releasing the onboarding claim of repository " + repositoryId,
                        c -> OnboardingScripts.RELEASE.run(c, List.of(claimKey(repositoryId)), List.of(bytes(holder))));
    }

    private <T> T run(String what, Function<RedisConnection, T> action) {
        try (RedisConnection connection = factory.getConnection()) {
            return action.apply(connection);
        } catch (DataAccessException e) {
            throw new StoreUnavailableException(what + " in Redis", e);
        }
    }

    private byte[] offerKey(long repositoryId) {
        return bytes(prefix + "onboarding:" + repositoryId);
    }

    private byte[] claimKey(long repositoryId) {
        return bytes(prefix + "onboarding-claim:" + repositoryId);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
