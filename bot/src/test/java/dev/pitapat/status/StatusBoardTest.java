package dev.pitapat.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.deploy.ProgressRecords;
import dev.pitapat.deploy.TestDeployParts;
import dev.pitapat.gitops.Action;
import dev.pitapat.gitops.Change;
import dev.pitapat.gitops.CommitResult;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.gitops.SourceRef;
import dev.pitapat.model.AppName;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.store.Claim;
import dev.pitapat.store.Delivery;
import dev.pitapat.store.DeliveryQueue;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.InMemoryDeployRecords;
import dev.pitapat.store.InMemoryEnvironmentLocks;
import dev.pitapat.store.InMemoryStores;
import dev.pitapat.store.StoreUnavailableException;
import dev.pitapat.testing.MovableClock;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status board and the page it renders, without Spring: a real GitOps repository on disk, the in-memory
 * store, and stores that are down. What a person reads is asserted on the rendered HTML.
 */
class StatusBoardTest {

    private static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    @TempDir
    Path tmp;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final EnvironmentLocks locks = new InMemoryEnvironmentLocks(clock);
    private final DeliveryQueue queue = InMemoryStores.deliveryQueue(clock);
    private GitOpsWriter gitops;

    @AfterEach
    void close() {
        if (gitops != null) {
            gitops.close();
        }
    }

    @Test
    void anEmptyBotSaysHowToDeployTheFirstApp() throws Exception {
        String html = page(board(emptyGitOps(), locks, queue), StatusBoard.EVERY_REPOSITORY);

        assertThat(html)
                .contains("No app deployed yet", "Install the GitHub App", "<code>/deploy staging</code>")
                .doesNotContain("Not everything could be read");
    }

    @Test
    void whenTheGitOpsRepositoryAndTheStoreCannotBeReadThePageStillAnswersNamingThem() {
        gitops = new GitOpsWriter(
                tmp.resolve("no-such-repository.git").toString(),
                "main",
                tmp.resolve("work"),
                GitOpsWriter.DEFAULT_IDENTITY,
                clock);

        String html = page(board(gitops, down(EnvironmentLocks.class), down(DeliveryQueue.class)), repo -> true);

        assertThat(html)
                .contains("Not everything could be read")
                .contains("Could not read the GitOps repository just now, so no app or deployment can be listed")
                .contains("Could not read the store's delivery queue just now")
                .doesNotContain("No app deployed yet", "Exception", "at dev.pitapat", "connection refused");
    }

    @Test
    void aStoreThatIsDownLeavesTheDeploymentsShownAndSaysWhatIsMissing() throws Exception {
        gitops = emptyGitOps();
        commit("hello", "staging", "acme/hello", 1);

        Board board = board(gitops, down(EnvironmentLocks.class), queue).overview(StatusBoard.EVERY_REPOSITORY);

        assertThat(board.apps()).extracting(a -> a.name().value()).containsExactly("hello");
        assertThat(board.unreadable()).containsExactly(Board.Source.LOCKS);
        assertThat(page(board)).contains("6dcb09b", "Could not read the store's locks, rollback pins and deploy lines");
    }

    @Test
    void failedAndRetryingDeliveriesAreListedWithTheirReasonsAndOthersAreNot() throws Exception {
        gitops = emptyGitOps();
        delivered("done-1", "acme/hello");
        queue.complete(claimed());
        delivered("failed-1", "acme/hello");
        queue.fail(claimed(), "GitHubException: GET /repos/acme/hello/pulls/7 answered 404");
        delivered("retrying-1", "acme/hello");
        queue.recordFailure(claimed(), "StoreUnavailableException: Redis timed out");
        delivered("queued-1", "acme/hello");

        String html = page(board(gitops, locks, queue), StatusBoard.EVERY_REPOSITORY);

        assertThat(html)
                .contains("failed-1", "GitHubException: GET /repos/acme/hello/pulls/7 answered 404")
                .contains("retrying-1", "StoreUnavailableException: Redis timed out")
                .doesNotContain("done-1", "queued-1");
    }

    @Test
    void theVisibilityFilterHidesTheAppsAndDeliveriesOfOtherRepositories() throws Exception {
        gitops = emptyGitOps();
        commit("hello", "staging", "acme/hello", 1);
        commit("billing", "qa", "acme/billing", 2);
        delivered("billing-failed", "acme/billing");
        queue.fail(claimed(), "billing broke");

        Board board = board(gitops, locks, queue).overview(repo -> repo.equals("acme/hello"));

        assertThat(board.apps()).extracting(a -> a.repo()).containsExactly("acme/hello");
        assertThat(board.troubledDeliveries()).isEmpty();
    }

    @Test
    void aFrozenEnvironmentWithoutADeploymentYetShowsUnderItsApp() throws Exception {
        gitops = emptyGitOps();
        commit("hello", "staging", "acme/hello", 1);
        locks.lock(target("hello", "production"), "dana", "not before the launch", clock.instant());

        Board board = board(gitops, locks, queue).overview(StatusBoard.EVERY_REPOSITORY);

        assertThat(board.apps().getFirst().environments())
                .extracting(e -> e.target().env().value())
                .containsExactly("production", "staging");
        assertThat(page(board)).contains("Locked by @dana", "“not before the launch”", "nothing deployed");
    }

    @Test
    void aDeploymentFollowedInTheClusterShowsItsStateAndWhoPromotedIt() throws Exception {
        gitops = emptyGitOps();
        commit("hello", "production", "acme/hello", 1);
        ProgressRecords records = TestDeployParts.progressRecords(new InMemoryDeployRecords(clock));
        TestDeployParts.followedToHealthy(
                records,
                new DeploymentId("d-000000000001"),
                target("hello", "production"),
                new Sha(SHA),
                "dana",
                Instant.parse("2026-05-01T10:04:12Z"));

        String html = page(new StatusBoard(gitops, locks, records, queue), StatusBoard.EVERY_REPOSITORY);

        assertThat(html).contains("<code>d-000000000001</code> · healthy, promoted by @dana at 2026-05-01T10:04:12Z");
    }

    @Test
    void theBannerSpotNamesTheLocalStandInOnlyOnAFirstRun() throws Exception {
        StatusPageController controller = controller(board(emptyGitOps(), locks, queue));
        StatusPage page = pages().of(board(gitops, locks, queue).overview(StatusBoard.EVERY_REPOSITORY));

        assertThat(controller.render(
                        page, Optional.of(URI.create("http://localhost:8080/local-github/example/hello/pull/1"))))
                .contains(
                        "<div class=\"notice\" role=\"status\"><strong>First run:</strong> no GitHub App is configured")
                .contains("<a href=\"http://localhost:8080/local-github/example/hello/pull/1\">")
                .contains("<code>./pitapat example</code>");
        assertThat(controller.render(page, Optional.empty())).doesNotContain("class=\"notice\"");
    }

    private StatusBoard board(GitOpsWriter writer, EnvironmentLocks locks, DeliveryQueue queue) {
        return new StatusBoard(writer, locks, TestDeployParts.progressRecords(new InMemoryDeployRecords(clock)), queue);
    }

    private String page(StatusBoard board, java.util.function.Predicate<String> canSeeRepo) {
        return page(board.overview(canSeeRepo));
    }

    private String page(Board board) {
        return controller(null).render(pages().of(board), Optional.empty());
    }

    private static StatusPageController controller(StatusBoard board) {
        return new StatusPageController(
                board,
                pages(),
                new org.springframework.beans.factory.support.StaticListableBeanFactory()
                        .getBeanProvider(dev.pitapat.github.GitHubConfiguration.StandIn.class),
                dev.pitapat.burst.TestCapacity.off());
    }

    private static StatusPages pages() {
        return new StatusPages(TestDeployParts.gitHubComLinks());
    }

    private GitOpsWriter emptyGitOps() throws Exception {
        Path remote = tmp.resolve("gitops.git");
        Git.init()
                .setBare(true)
                .setInitialBranch("main")
                .setDirectory(remote.toFile())
                .call()
                .close();
        gitops = new GitOpsWriter(remote.toString(), "main", tmp.resolve("work"), GitOpsWriter.DEFAULT_IDENTITY, clock);
        return gitops;
    }

    private void commit(String app, String env, String repo, int deployment) {
        CommitResult result = gitops.commit(new Change(
                target(app, env),
                Map.of("rollout.yaml", "kind: Rollout\n".getBytes(StandardCharsets.UTF_8)),
                Action.DEPLOY,
                new SourceRef(repo, new Sha(SHA)),
                new DeploymentId(String.format("d-%012x", deployment)),
                "alice"));
        assertThat(result).isInstanceOf(CommitResult.Committed.class);
    }

    private void delivered(String id, String repo) {
        queue.offer(new Delivery(
                id, "issue_comment", "created", repo, "{}".getBytes(StandardCharsets.UTF_8), clock.instant()));
    }

    private Claim claimed() throws InterruptedException {
        List<Claim> claims = queue.claim(1, Duration.ZERO);
        assertThat(claims).hasSize(1);
        return claims.getFirst();
    }

    /** A part of the store that is down: every call fails as Redis's would. */
    private static <T> T down(Class<T> part) {
        return part.cast(Proxy.newProxyInstance(part.getClassLoader(), new Class<?>[] {part}, (proxy, method, args) -> {
            throw new StoreUnavailableException(
                    "reading " + part.getSimpleName(), new IOException("connection refused"));
        }));
    }

    private static Target target(String app, String env) {
        return new Target(new AppName(app), new EnvName(env));
    }
}
