package dev.pitapat.burst;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.github.GitHubGateway;
import dev.pitapat.kube.Nodes;
import dev.pitapat.store.CapacityLog;
import dev.pitapat.store.RedisStores;
import dev.pitapat.testing.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * Two replicas of the bot, each with its own schedule, sharing a real Redis and one managed instance group (the real
 * Compute adapter at Compute's stand-in): only the replica holding the burst lease decides, and when it stops the
 * other carries on from the memory it left (the agreeing samples, the cooldown), so the group is resized once.
 */
class BurstReplicasTest {

    private final String prefix = RedisServer.freshPrefix();
    private final List<JedisConnectionFactory> factories = new ArrayList<>();
    private final FakeCompute compute = FakeCompute.start("my-project", "europe-west1-b", "pitapat-burst");

    @AfterEach
    void close() {
        factories.forEach(JedisConnectionFactory::destroy);
        compute.close();
    }

    private Replica replica() {
        JedisConnectionFactory factory =
                RedisServer.connectionFactory(RedisServer.shared().port());
        factories.add(factory);
        BurstProperties properties = BurstSettings.of(false);
        CapacityLog log = RedisStores.capacity(factory, prefix);
        Bursting bursting = new Bursting(
                properties, () -> new Reading.Value(0.93), Nodes.none(), compute.group(), Clock.systemUTC());
        CapacityReporter reporter = new CapacityReporter(
                new CapacityWords(properties),
                Mockito.mock(GitHubGateway.class),
                DeploysInFlight.NONE,
                new SimpleMeterRegistry());
        return new Replica(
                new BurstSchedule(properties, bursting, reporter, log, RedisStores.leases(factory, prefix)), log);
    }

    record Replica(BurstSchedule schedule, CapacityLog log) {}

    @Test
    void onlyTheLeaseHolderDecidesAndTheOtherCarriesOnFromItsMemory() {
        Replica a = replica();
        Replica b = replica();

        for (int i = 0; i < 4; i++) {
            a.schedule().tick();
            b.schedule().tick();
        }

        assertThat(compute.resizes()).hasSize(1);
        assertThat(compute.resizes().getFirst().size()).isEqualTo(1);
        List<CapacityReport> reports = CapacityReports.all(a.log().recent(100));
        assertThat(reports)
                .as("one report per look of the deciding replica only")
                .hasSize(4);
        assertThat(reports.stream().map(r -> r.reason().label()).toList().reversed())
                .containsExactly("awaiting_samples", "awaiting_samples", "above_threshold", "awaiting_samples");
        assertThat(b.log().recent(100)).as("the same store").hasSize(4);
    }

    @Test
    void whenTheDecidingReplicaStopsTheOtherTakesOverWithItsMemory() {
        Replica a = replica();
        Replica b = replica();
        for (int i = 0; i < 3; i++) {
            a.schedule().tick();
        }
        assertThat(compute.resizes()).hasSize(1);
        a.schedule().start(); // a running schedule gives its lease up when it stops
        a.schedule().stop();

        for (int i = 0; i < 4; i++) {
            b.schedule().tick();
        }

        assertThat(compute.resizes()).as("the cooldown a left holds b too").hasSize(1);
        assertThat(CapacityReports.all(b.log().recent(1)).getFirst().reason()).isEqualTo(Reason.COOLDOWN);
    }
}
