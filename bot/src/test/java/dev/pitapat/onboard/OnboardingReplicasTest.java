package dev.pitapat.onboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.github.PullRequest;
import dev.pitapat.model.RepoRef;
import dev.pitapat.store.OnboardingOffers;
import dev.pitapat.store.RedisStores;
import dev.pitapat.testing.RedisServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * Replicas of the bot on one Redis, handling installation events of the same repositories at once, against a
 * GitHub that keeps its own rules ({@link FakeGitHub}): one onboarding pull request per repository, whoever gets
 * there first.
 */
class OnboardingReplicasTest {

    static final long INSTALLATION = 957387;
    static final GitHubProperties ALL_REPOSITORIES = new GitHubProperties(
            URI.create("https://api.github.com"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of());

    private final List<JedisConnectionFactory> factories = new ArrayList<>();
    private final String prefix = RedisServer.freshPrefix();
    private final FakeGitHub github = new FakeGitHub();

    @AfterEach
    void closeConnections() {
        factories.forEach(JedisConnectionFactory::destroy);
    }

    /** One replica: its own connections to the shared Redis. */
    Onboarding replica(boolean enabled) {
        JedisConnectionFactory factory =
                RedisServer.connectionFactory(RedisServer.shared().port());
        factories.add(factory);
        return new Onboarding(
                github,
                ALL_REPOSITORIES,
                RedisStores.onboardingOffers(factory, prefix),
                new OnboardingProperties(enabled),
                Clock.systemUTC());
    }

    OnboardingOffers store() {
        JedisConnectionFactory factory =
                RedisServer.connectionFactory(RedisServer.shared().port());
        factories.add(factory);
        return RedisStores.onboardingOffers(factory, prefix);
    }

    @Test
    void eightDeliveriesOnTwoReplicasAtOnceOpenOnePullRequestPerRepository() throws Exception {
        List<Onboarding> replicas = List.of(replica(true), replica(true));
        List<InstalledRepository> installed = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            RepoRef repo = new RepoRef("Codertocat", "repo-" + i);
            github.has(repo, 5000 + i, Map.of("Dockerfile", "FROM x\nEXPOSE 3000\n"));
            installed.add(new InstalledRepository(5000 + i, repo));
        }
        int deliveries = 8;
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        try {
            CyclicBarrier start = new CyclicBarrier(deliveries);
            List<Future<?>> handled = new ArrayList<>();
            for (int d = 0; d < deliveries; d++) {
                Onboarding replica = replicas.get(d % 2);
                String delivery = "delivery-" + d;
                handled.add(pool.submit(() -> {
                    start.await();
                    replica.offer(delivery, INSTALLATION, installed);
                    return null;
                }));
            }
            for (Future<?> each : handled) {
                each.get(); // none failed
            }
        } finally {
            pool.shutdownNow();
        }

        OnboardingOffers offers = store();
        for (InstalledRepository repository : installed) {
            List<PullRequest> pulls = github.pulls(repository.repo());
            assertThat(pulls).as("pull requests of %s", repository.repo()).hasSize(1);
            assertThat(github.writes.get(repository.repo()))
                    .as(
                            "branches, files and pull requests asked for in %s: only by the claim's holder",
                            repository.repo())
                    .isEqualTo(3);
            assertThat(offers.offered(repository.id()))
                    .hasValueSatisfying(o -> assertThat(o.pullRequest())
                            .isEqualTo(pulls.getFirst().number()));
            assertThat(github.file(repository.repo(), OnboardingPullRequest.BRANCH, ".github/pitapat.yml"))
                    .hasValueSatisfying(yaml -> assertThat(yaml).contains("port: 3000"));
        }
    }

    @Test
    void aFailedAttemptReleasesItsClaimTheOtherRepositoriesStillGetTheirsAndTheNextEventOpensIt() {
        Onboarding replica = replica(true);
        RepoRef flaky = new RepoRef("Codertocat", "flaky");
        RepoRef fine = new RepoRef("Codertocat", "fine");
        github.has(flaky, 6001, Map.of());
        github.has(fine, 6002, Map.of());
        github.failingPulls.put(flaky, 1);
        List<InstalledRepository> installed =
                List.of(new InstalledRepository(6001, flaky), new InstalledRepository(6002, fine));

        assertThatThrownBy(() -> replica.offer("delivery-1", INSTALLATION, installed))
                .isInstanceOf(GitHubException.class)
                .hasMessageContaining("502");

        assertThat(github.pulls(flaky)).isEmpty();
        assertThat(github.pulls(fine)).hasSize(1);
        assertThat(store().claim(6001, "someone-else", Duration.ofSeconds(1)))
                .as("the failed attempt's claim was released")
                .isTrue();
        store().release(6001, "someone-else");

        replica.offer("delivery-2", INSTALLATION, installed);

        assertThat(github.pulls(flaky)).hasSize(1);
        assertThat(github.pulls(fine)).hasSize(1);
    }

    @Test
    void failuresInTwoRepositoriesAreThrownTogetherAfterBothWereTried() {
        Onboarding replica = replica(true);
        RepoRef one = new RepoRef("Codertocat", "one");
        RepoRef two = new RepoRef("Codertocat", "two");
        github.has(one, 6101, Map.of());
        github.has(two, 6102, Map.of());
        github.failingPulls.put(one, 1);
        github.failingPulls.put(two, 1);

        assertThatThrownBy(() -> replica.offer(
                        "delivery-1",
                        INSTALLATION,
                        List.of(new InstalledRepository(6101, one), new InstalledRepository(6102, two))))
                .isInstanceOf(OnboardingException.class)
                .hasMessageStartingWith("opening the onboarding pull requests of Codertocat/one, Codertocat/two: ")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(github.failingPulls).containsEntry(one, 0).containsEntry(two, 0);
    }

    @Test
    void aClaimLeftByADeliveryThatDiedIsTakenUpByThatDeliveryOnly() {
        Onboarding replica = replica(true);
        RepoRef repo = new RepoRef("Codertocat", "resumed");
        github.has(repo, 6201, Map.of());
        store().claim(6201, "died-delivery", Duration.ofMinutes(10));

        replica.offer("another-delivery", INSTALLATION, List.of(new InstalledRepository(6201, repo)));
        assertThat(github.pulls(repo)).isEmpty();

        replica.offer("died-delivery", INSTALLATION, List.of(new InstalledRepository(6201, repo)));
        assertThat(github.pulls(repo)).hasSize(1);
    }

    @Test
    void offersNothingWhenOnboardingIsOff() {
        RepoRef repo = new RepoRef("Codertocat", "quiet");
        github.has(repo, 6301, Map.of());

        replica(false).offer("delivery-1", INSTALLATION, List.of(new InstalledRepository(6301, repo)));

        assertThat(github.calls).isEmpty();
        assertThat(store().offered(6301)).isEmpty();
    }
}
