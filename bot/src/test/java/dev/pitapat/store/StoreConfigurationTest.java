package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

class StoreConfigurationTest {

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(Properties.class, StoreConfiguration.class);

    @Test
    void keepsEnvironmentLocksInMemoryWithoutRedis() {
        context.run(app -> {
            assertThat(app).hasSingleBean(EnvironmentLocks.class);
            assertThat(app.getBean(EnvironmentLocks.class)).isInstanceOf(InMemoryEnvironmentLocks.class);
            assertThat(app.getBean(DeliveryQueue.class)).isInstanceOf(InMemoryDeliveryQueue.class);
            assertThat(app).hasSingleBean(DeployRecords.class);
            assertThat(app.getBean(DeployRecords.class)).isInstanceOf(InMemoryDeployRecords.class);
            assertThat(app).hasSingleBean(Leases.class);
            assertThat(app.getBean(Leases.class)).isInstanceOf(InMemoryLeases.class);
        });
    }

    @Test
    void leavesRedisUnstartedWithoutIt() {
        context.withUserConfiguration(Redis.class).run(app -> {
            assertThat(app.getBean(DeliveryQueue.class)).isInstanceOf(InMemoryDeliveryQueue.class);
            // started, its pool would have created the JVM's platform MBean server for nothing
            assertThat(app.getBean(JedisConnectionFactory.class).isRunning()).isFalse();
        });
    }

    @Test
    void keepsEnvironmentLocksInRedisWhenItIsConfigured() {
        String prefix = RedisServer.freshPrefix();
        context.withUserConfiguration(Redis.class)
                .withPropertyValues(
                        "spring.data.redis.url=" + RedisServer.shared().url(), "pitapat.queue.key-prefix=" + prefix)
                .run(app -> {
                    assertThat(app.getBean(JedisConnectionFactory.class).isRunning())
                            .isTrue();
                    assertThat(app).hasSingleBean(EnvironmentLocks.class);
                    EnvironmentLocks locks = app.getBean(EnvironmentLocks.class);
                    assertThat(locks).isInstanceOf(RedisEnvironmentLocks.class);
                    assertThat(app).hasSingleBean(DeployRecords.class);
                    DeployRecords records = app.getBean(DeployRecords.class);
                    assertThat(records).isInstanceOf(RedisDeployRecords.class);
                    assertThat(app).hasSingleBean(Leases.class);
                    Leases leases = app.getBean(Leases.class);
                    assertThat(leases).isInstanceOf(RedisLeases.class);
                    records.create("d-0123456789ab", "{}");
                    leases.hold("follower", "replica-a", Duration.ofMinutes(1));
                    locks.lock(EnvironmentLocksContract.target("hello", "staging"), "dana", "", Instant.now());
                    try (var redis = app.getBean(JedisConnectionFactory.class).getConnection()) {
                        assertThat(redis.keyCommands().exists((prefix + "lock:hello:staging").getBytes()))
                                .isTrue();
                        assertThat(redis.keyCommands().exists((prefix + "deploy:d-0123456789ab").getBytes()))
                                .isTrue();
                        assertThat(redis.keyCommands().exists((prefix + "role:follower").getBytes()))
                                .isTrue();
                    }
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(QueueProperties.class)
    static class Properties {}

    @Configuration(proxyBeanMethods = false)
    static class Redis {
        @Bean
        JedisConnectionFactory redisConnectionFactory() {
            return new JedisConnectionFactory(new RedisStandaloneConfiguration(
                    "127.0.0.1", RedisServer.shared().port()));
        }
    }
}
