package dev.pitapat.deploy;

import static dev.pitapat.deploy.DeployRunnerTest.id;
import static dev.pitapat.deploy.DeployRunnerTest.push;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.RedisStores;
import dev.pitapat.testing.RedisServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * Two replicas on one real Redis and one GitOps repository, each with its own connections and working clone: a
 * deploy one replica accepted and then lost (it stopped, or died holding the environment's lease) is run by the
 * other, once.
 */
class DeployRunnerOnRedisTest {

    private static final Target TARGET = new Target(new AppName("hello"), new EnvName("staging"));

    @TempDir
    Path tmp;

    private final String prefix = RedisServer.freshPrefix();
    private final List<JedisConnectionFactory> factories = new ArrayList<>();
    private final List<DeployRunner> runners = new ArrayList<>();

    @BeforeEach
    void gitOpsRepository() throws Exception {
        Git.init()
                .setBare(true)
                .setInitialBranch("main")
                .setDirectory(tmp.resolve("gitops.git").toFile())
                .call()
                .close();
    }

    @AfterEach
    void stop() {
        runners.forEach(DeployRunner::stop);
        factories.forEach(JedisConnectionFactory::destroy);
    }

    @Test
    void aDeployAcceptedByAReplicaThatStoppedIsRunByAnotherOnce() {
        Replica first = replica("a");
        EnvironmentLocks locks = first.locks();
        locks.tryAcquire(TARGET, "d-0000000da1a0", Duration.ofSeconds(1)).orElseThrow(); // busy for a second
        first.runner().accept(push("one"));
        first.runner().stop(); // the replica that accepted it goes away before its turn

        Replica second = replica("b");
        awaitFinished(second);

        assertThat(first.records().get(id("one")).orElseThrow().outcome()).containsInstanceOf(Outcome.Committed.class);
        assertThat(second.writer().history(TARGET, 10)).hasSize(1);
    }

    @Test
    void aDeployWhoseReplicaDiedHoldingTheEnvironmentIsResumedWhenTheLeaseLapses() {
        Replica dead = replica("a");
        dead.runner().stop();
        dead.records()
                .create(Progress.accepted(
                        push("one"),
                        java.util.Optional.of(DeployRunnerTest.SHA),
                        Clock.systemUTC().instant()));
        dead.locks()
                .tryAcquire(TARGET, id("one").value(), Duration.ofSeconds(2))
                .orElseThrow();
        dead.records()
                .save(dead.records()
                        .get(id("one"))
                        .orElseThrow()
                        .running(Clock.systemUTC().instant()));

        Replica survivor = replica("b");
        survivor.runner().tick();
        assertThat(survivor.records().get(id("one")).orElseThrow().stage()).isEqualTo(Progress.Stage.RUNNING);
        awaitFinished(survivor);

        assertThat(survivor.writer().history(TARGET, 10)).hasSize(1);
        assertThat(survivor.locks().leaseOf(TARGET)).isEmpty();
    }

    private void awaitFinished(Replica replica) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    replica.runner().tick();
                    return replica.records().get(id("one")).orElseThrow().finished()
                            && !replica.records().isOpen(id("one"));
                });
    }

    /** One replica: its own Redis connections, its own working clone of the shared GitOps repository. */
    private record Replica(DeployRunner runner, ProgressRecords records, EnvironmentLocks locks, GitOpsWriter writer) {}

    private Replica replica(String name) {
        JedisConnectionFactory factory =
                RedisServer.connectionFactory(RedisServer.shared().port());
        factories.add(factory);
        EnvironmentLocks locks = RedisStores.locks(factory, prefix);
        ProgressRecords records = new ProgressRecords(RedisStores.records(factory, prefix));
        GitOpsWriter writer = new GitOpsWriter(
                tmp.resolve("gitops.git").toString(),
                "main",
                tmp.resolve("work-" + name),
                GitOpsWriter.DEFAULT_IDENTITY,
                Clock.systemUTC());
        DeployRunner runner =
                DeployRunnerTest.runnerOn(locks, records, writer, Clock.systemUTC(), Duration.ofSeconds(5), List.of());
        runners.add(runner);
        return new Replica(runner, records, locks, writer);
    }
}
