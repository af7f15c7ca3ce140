package dev.pitapat.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.model.AppName;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import dev.pitapat.render.ManifestRenderer;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.InMemoryEnvironmentLocks;
import dev.pitapat.store.Lease;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a deploy waits for a busy environment: it gives up after the longest wait, and leaves the line when stopped. */
class WaitingLineTest {

    private static final Target TARGET = new Target(new AppName("hello"), new EnvName("staging"));

    @TempDir
    Path tmp;

    private final EnvironmentLocks locks =
            new InMemoryEnvironmentLocks(Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC));
    private final List<String> told = new CopyOnWriteArrayList<>();
    private GitOpsWriter writer;
    private Lease other;

    @BeforeEach
    void setUp() throws Exception {
        Git.init()
                .setBare(true)
                .setInitialBranch("main")
                .setDirectory(tmp.resolve("gitops.git").toFile())
                .call()
                .close();
        writer = new GitOpsWriter(
                tmp.resolve("gitops.git").toString(),
                "main",
                tmp.resolve("work"),
                GitOpsWriter.DEFAULT_IDENTITY,
                Clock.systemUTC());
        other = locks.tryAcquire("hello", "staging", "`d-0ther0deploy`", Duration.ofMinutes(2))
                .orElseThrow();
    }

    @Test
    void aDeployGivesUpAfterTheLongestWaitLeavingTheLineAndCommittingNothing() {
        DeployPipeline.Outcome outcome = pipeline(new MinutePerLook()).submit(deploy(), requester());

        assertThat(outcome.status()).isEqualTo(DeployPipeline.Status.FAILED);
        assertThat(outcome.markdown())
                .contains("`staging` stayed busy for 15 minutes (`pitapat.deploy.max-wait`)", "nothing was changed");
        assertThat(told).containsExactly("1 behind `d-0ther0deploy`");
        assertThat(locks.waiting("hello", "staging")).isEmpty();
        assertThat(locks.leaseOf("hello", "staging")).contains(other);
        assertThat(writer.history(TARGET, 10)).isEmpty();
    }

    @Test
    void aDeployStoppedWhileWaitingLeavesTheLine() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                pipeline(Clock.systemUTC()).submit(deploy(), requester());
            } catch (RuntimeException e) {
                thrown.set(e);
            }
        });
        waiter.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> locks.waiting("hello", "staging").size() == 1);

        waiter.interrupt();
        waiter.join(10_000);

        assertThat(waiter.isAlive()).isFalse();
        assertThat(thrown.get()).hasMessageContaining("stopped while waiting for hello-staging");
        assertThat(locks.waiting("hello", "staging")).isEmpty();
    }

    private GitOpsPipeline pipeline(Clock clock) {
        GitHubGateway unused = (GitHubGateway) Proxy.newProxyInstance(
                GitHubGateway.class.getClassLoader(), new Class<?>[] {GitHubGateway.class}, (proxy, method, args) -> {
                    throw new AssertionError("a waiting deploy asked GitHub: " + method.getName());
                });
        return new GitOpsPipeline(
                unused,
                new GitHubProperties(
                        URI.create("https://api.github.com"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        List.of()),
                writer,
                locks,
                new SiteProperties("apps.localhost", new SiteProperties.Tls("letsencrypt", Optional.empty())),
                new DeployProperties(Duration.ofMinutes(15), Duration.ofMillis(10)),
                ManifestRenderer.fromClasspath(),
                clock);
    }

    private static DeployPipeline.Request deploy() {
        return new DeployPipeline.Request(
                DeployPipeline.Kind.DEPLOY,
                DeployPipeline.Origin.COMMAND,
                TARGET,
                1,
                "acme/hello",
                "main",
                "alice",
                Optional.of(7),
                Optional.of("6dcb09b5b57875f334f61aebed695e2e4193db5e"),
                Optional.empty(),
                false,
                DeploymentId.derived("delivery-1", "1"));
    }

    private DeployPipeline.Requester requester() {
        return new DeployPipeline.Requester() {
            @Override
            public void waiting(int place, String behind) {
                told.add(place + " behind " + behind);
            }

            @Override
            public Optional<String> refusalAtTurn() {
                return Optional.empty();
            }
        };
    }

    /** A clock a minute later every time it is read: the longest wait passes in a few looks. */
    private static final class MinutePerLook extends Clock {
        private Instant now = Instant.parse("2026-05-01T10:00:00Z");

        @Override
        public synchronized Instant instant() {
            now = now.plus(Duration.ofMinutes(1));
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
