package dev.pitapat.gitops;

import static dev.pitapat.gitops.GitOpsRig.deploy;
import static dev.pitapat.gitops.GitOpsRig.files;
import static dev.pitapat.gitops.GitOpsRig.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.model.Target;
import dev.pitapat.testing.GitHttpServer;
import dev.pitapat.testing.MovableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitOpsWriter#overview}: every environment folder with its newest deployments from one fetch of a real
 * GitOps repository over smart HTTP whose fetches are counted, read again only after the freshness window.
 */
class BranchOverviewTest {

    private static final String TOKEN = "github_pat_11ABCDEFG0overviewTokenValue_0123456789abcdef";

    @TempDir
    Path tmp;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private GitHttpServer server;
    private GitOpsWriter writer;

    @BeforeEach
    void start() throws Exception {
        server = GitHttpServer.start(tmp, TOKEN);
        GitOpsProperties properties =
                new GitOpsProperties(server.url(), "main", tmp.resolve("work"), Optional.of(TOKEN));
        writer = GitOpsWriter.of(properties, GitRemote.of(properties, GitCredentials.anonymous()), clock);
    }

    @AfterEach
    void stop() throws Exception {
        writer.close();
        server.close();
    }

    @Test
    void listsEveryEnvironmentWithItsNewestDeploymentsNewestFirst() throws Exception {
        committed(target("billing", "qa"), 1);
        committed(target("hello", "staging"), 2);
        committed(target("hello", "production"), 3);
        committed(target("hello", "staging"), 4);
        committed(target("hello", "staging"), 5);
        writer.commit(new Change(
                target("billing", "pr-7"),
                files("a.yaml", "a: 6"),
                Action.DEPLOY,
                GitOpsRig.SOURCE,
                GitOpsRig.id(6),
                "carol"));
        writer.commit(new Change(
                target("billing", "pr-7"),
                java.util.Map.of(),
                Action.UNDEPLOY,
                GitOpsRig.SOURCE,
                GitOpsRig.id(7),
                "carol"));

        BranchOverview overview = writer.overview(2);

        assertThat(overview.environments())
                .extracting(BranchOverview.Environment::target)
                .containsExactly(target("billing", "qa"), target("hello", "production"), target("hello", "staging"));
        assertThat(deploymentsOf(overview, target("hello", "staging")))
                .containsExactly("d-000000000005", "d-000000000004");
        assertThat(deploymentsOf(overview, target("hello", "production"))).containsExactly("d-000000000003");
        assertThat(overview.head()).contains(servedHead());
    }

    @Test
    void aPageOfSeveralEnvironmentsLoadedTwiceWithinTheWindowFetchesOnce() {
        committed(target("billing", "qa"), 1);
        committed(target("hello", "staging"), 2);
        committed(target("hello", "production"), 3);
        writer.overview(3); // the previous window
        clock.advance(GitOpsWriter.OVERVIEW_FRESHNESS);
        int before = server.fetches();

        BranchOverview first = writer.overview(3);
        clock.advance(GitOpsWriter.OVERVIEW_FRESHNESS.minusMillis(1));
        BranchOverview second = writer.overview(3);

        assertThat(first.environments()).hasSize(3);
        assertThat(server.fetches() - before).isEqualTo(1);
        assertThat(second).isSameAs(first); // same head: the log is not walked again
    }

    @Test
    void afterTheWindowItFetchesOnceAgainAndSeesWhatAnotherWriterPushed() throws Exception {
        committed(target("hello", "staging"), 1);
        writer.overview(3);
        GitOpsProperties elsewhere =
                new GitOpsProperties(server.url(), "main", tmp.resolve("other"), Optional.of(TOKEN));
        try (GitOpsWriter other =
                GitOpsWriter.of(elsewhere, GitRemote.of(elsewhere, GitCredentials.anonymous()), clock)) {
            other.commit(deploy(target("hello", "qa"), 2, files("a.yaml", "a: 2")));
        }
        int before = server.fetches();

        BranchOverview within = writer.overview(3);
        clock.advance(GitOpsWriter.OVERVIEW_FRESHNESS);
        BranchOverview after = writer.overview(3);

        assertThat(within.environments())
                .extracting(BranchOverview.Environment::target)
                .containsExactly(target("hello", "staging"));
        assertThat(after.environments())
                .extracting(BranchOverview.Environment::target)
                .containsExactly(target("hello", "qa"), target("hello", "staging"));
        assertThat(server.fetches() - before).isEqualTo(1);
    }

    @Test
    void whatThisProcessPushedShowsWithinTheWindowWithoutAFetch() {
        committed(target("hello", "staging"), 1);
        writer.overview(3);
        committed(target("hello", "staging"), 2);
        int before = server.fetches();

        BranchOverview overview = writer.overview(3);

        assertThat(deploymentsOf(overview, target("hello", "staging")))
                .containsExactly("d-000000000002", "d-000000000001");
        assertThat(server.fetches()).isEqualTo(before);
    }

    @Test
    void anEmptyBranchHasNoEnvironments() {
        BranchOverview overview = writer.overview(3);

        assertThat(overview.head()).isEmpty();
        assertThat(overview.environments()).isEmpty();
    }

    private void committed(Target target, int id) {
        assertThat(writer.commit(deploy(target, id, files("rollout.yaml", "kind: Rollout\n# " + id))))
                .isInstanceOf(CommitResult.Committed.class);
    }

    private String servedHead() throws java.io.IOException {
        try (var repo = server.open()) {
            return repo.resolve("refs/heads/main").name();
        }
    }

    private static java.util.List<String> deploymentsOf(BranchOverview overview, Target target) {
        return overview.environments().stream()
                .filter(e -> e.target().equals(target))
                .findFirst()
                .orElseThrow()
                .deployments()
                .stream()
                .map(d -> d.deployment().value())
                .toList();
    }
}
