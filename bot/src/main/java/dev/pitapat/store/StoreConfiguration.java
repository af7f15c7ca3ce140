package dev.pitapat.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * Redis when {@value #REDIS_URL} is set; otherwise the in-memory store (one replica). The same
 * choice holds for the {@link DeliveryQueue}, the {@link EnvironmentLocks}, the {@link DeployRecords}, the
 * {@link Leases}, the {@link CapacityLog} and the {@link OnboardingOffers}.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    static final String REDIS_URL = "spring.data.redis.url";

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Boot's Redis connection factory is started by the store, when the store is Redis, instead of as soon as it
     * is made: starting it creates a Jedis pool, which registers itself in JMX and so creates the JVM's platform
     * MBean server (about 5% of a start's main thread), for a pool the in-memory store never uses.
     */
    @Bean
    static BeanPostProcessor redisStartsWithTheStore() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof JedisConnectionFactory jedis) {
                    jedis.setEarlyStartup(false);
                    jedis.setAutoStartup(false);
                }
                return bean;
            }
        };
    }

    /**
     * The store this replica uses, chosen when it starts (not when it is built: the AOT-processed jar holds one
     * set of beans for every setting).
     */
    @Bean(destroyMethod = "close")
    Store store(
            Environment settings,
            ObjectProvider<RedisConnectionFactory> redis,
            QueueProperties properties,
            Clock clock) {
        String url = settings.getProperty(REDIS_URL, "");
        if (url.isBlank()) {
            return new Store(
                    new InMemoryDeliveryQueue(properties, clock),
                    new InMemoryEnvironmentLocks(clock),
                    new InMemoryDeployRecords(clock),
                    new InMemoryLeases(clock),
                    new InMemoryCapacityLog(),
                    new InMemoryOnboardingOffers(clock),
                    () -> {});
        }
        RedisConnectionFactory factory = redis.getObject();
        if (factory instanceof JedisConnectionFactory jedis && !jedis.isRunning()) {
            jedis.start();
        }
        RedisDeliveryQueue queue = new RedisDeliveryQueue(factory, properties, clock);
        queue.createGroup();
        queue.health(); // warns once at start-up when Redis has no persistence
        return new Store(
                queue,
                new RedisEnvironmentLocks(factory, properties, clock),
                new RedisDeployRecords(factory, properties),
                new RedisLeases(factory, properties),
                new RedisCapacityLog(factory, properties),
                new RedisOnboardingOffers(factory, properties),
                queue::close);
    }

    /** One choice for the six parts; {@code onClose} lets go of what the store holds open. */
    record Store(
            DeliveryQueue queue,
            EnvironmentLocks locks,
            DeployRecords records,
            Leases leases,
            CapacityLog capacity,
            OnboardingOffers onboarding,
            Runnable onClose)
            implements AutoCloseable {
        @Override
        public void close() {
            onClose.run();
        }
    }

    @Bean
    DeliveryQueue deliveryQueue(Store store) {
        return store.queue();
    }

    @Bean
    EnvironmentLocks environmentLocks(Store store) {
        return store.locks();
    }

    @Bean
    DeployRecords deployRecords(Store store) {
        return store.records();
    }

    @Bean
    Leases leases(Store store) {
        return store.leases();
    }

    @Bean
    CapacityLog capacityLog(Store store) {
        return store.capacity();
    }

    @Bean
    OnboardingOffers onboardingOffers(Store store) {
        return store.onboarding();
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
