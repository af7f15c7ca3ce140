package dev.pitapat.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Redis when {@code spring.data.redis.url} is set; otherwise the in-memory store (one replica). The same
 * choice holds for the {@link DeliveryQueue}, the {@link EnvironmentLocks}, the {@link DeployRecords} and the
 * {@link Leases}.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty("spring.data.redis.url")
    RedisDeliveryQueue redisDeliveryQueue(RedisConnectionFactory factory, QueueProperties properties, Clock clock) {
        RedisDeliveryQueue queue = new RedisDeliveryQueue(factory, properties, clock);
        queue.createGroup();
        queue.health(); // warns once at start-up when Redis has no persistence
        return queue;
    }

    @Bean
    @ConditionalOnMissingBean(DeliveryQueue.class)
    InMemoryDeliveryQueue inMemoryDeliveryQueue(QueueProperties properties, Clock clock) {
        return new InMemoryDeliveryQueue(properties, clock);
    }

    @Bean
    @ConditionalOnProperty("spring.data.redis.url")
    RedisEnvironmentLocks redisEnvironmentLocks(
            RedisConnectionFactory factory, QueueProperties properties, Clock clock) {
        return new RedisEnvironmentLocks(factory, properties, clock);
    }

    @Bean
    @ConditionalOnMissingBean(EnvironmentLocks.class)
    InMemoryEnvironmentLocks inMemoryEnvironmentLocks(Clock clock) {
        return new InMemoryEnvironmentLocks(clock);
    }

    @Bean
    @ConditionalOnProperty("spring.data.redis.url")
    RedisDeployRecords redisDeployRecords(RedisConnectionFactory factory, QueueProperties properties) {
        return new RedisDeployRecords(factory, properties);
    }

    @Bean
    @ConditionalOnMissingBean(DeployRecords.class)
    InMemoryDeployRecords inMemoryDeployRecords(Clock clock) {
        return new InMemoryDeployRecords(clock);
    }

    @Bean
    @ConditionalOnProperty("spring.data.redis.url")
    RedisLeases redisLeases(RedisConnectionFactory factory, QueueProperties properties) {
        return new RedisLeases(factory, properties);
    }

    @Bean
    @ConditionalOnMissingBean(Leases.class)
    InMemoryLeases inMemoryLeases(Clock clock) {
        return new InMemoryLeases(clock);
    }

    @Bean
    HealthIndicator storeHealthIndicator(DeliveryQueue queue) {
        return () -> {
            StoreHealth health = queue.health();
            return (health.up() ? Health.up() : Health.down())
                    .withDetails(health.details())
                    .build();
        };
    }

    @Bean
    MeterBinder queueDepthMetric(DeliveryQueue queue) {
        return registry -> Gauge.builder("pitapat.queue.depth", queue, q -> {
                    try {
                        return q.depth();
                    } catch (StoreUnavailableException e) {
                        return Double.NaN;
                    }
                })
                .description("Deliveries stored and not yet done or failed")
                .register(registry);
    }
}
