package dev.pitapat.store;

import java.time.Clock;
import java.time.Duration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/** The Redis stores of one replica, for tests outside this package: what the application's wiring makes. */
public final class RedisStores {

    private RedisStores() {}

    public static EnvironmentLocks locks(JedisConnectionFactory factory, String prefix) {
        return new RedisEnvironmentLocks(factory, properties(prefix), Clock.systemUTC());
    }

    public static DeployRecords records(JedisConnectionFactory factory, String prefix) {
        return new RedisDeployRecords(factory, properties(prefix));
    }

    public static Leases leases(JedisConnectionFactory factory, String prefix) {
        return new RedisLeases(factory, properties(prefix));
    }

    public static OnboardingOffers onboardingOffers(JedisConnectionFactory factory, String prefix) {
        return new RedisOnboardingOffers(factory, properties(prefix));
    }

    public static CapacityLog capacity(JedisConnectionFactory factory, String prefix) {
        return new RedisCapacityLog(factory, properties(prefix));
    }

    /** The queue settings the stores read their key prefix from; the rest as shipped. */
    static QueueProperties properties(String prefix) {
        return new QueueProperties(
                16,
                5,
                Duration.ofSeconds(2),
                Duration.ofMinutes(2),
                Duration.ofMinutes(2),
                Duration.ofDays(7),
                1000,
                prefix,
                Duration.ofSeconds(5),
                200,
                40);
    }
}
