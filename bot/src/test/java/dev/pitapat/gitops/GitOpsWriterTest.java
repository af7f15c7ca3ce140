package dev.pitapat.gitops;

import static dev.pitapat.gitops.GitOpsRig.deploy;
import static dev.pitapat.gitops.GitOpsRig.files;
import static dev.pitapat.gitops.GitOpsRig.id;
import static dev.pitapat.gitops.GitOpsRig.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitOpsWriterTest {

    private static final Target STAGING = target("hello", "staging");

    @TempDir
    Path tmp;

    private GitOpsRig rig;
    private GitOpsWriter writer;

    @BeforeEach
    void setUp() throws Exception {
        rig = new GitOpsRig(tmp);
        writer = rig.writer();
    }

    @AfterEach
    void tearDown() {
        writer.close();
    }

    @Test
    void firstCommitIntoAnEmptyRepositoryCreatesTheBranch() throws Exception {
        CommitResult result = writer.commit(deploy(STAGING, 1, files("rollout.yaml", "kind: Rollout\n")));

        assertThat(result).isInstanceOf(CommitResult.Committed.class);
        List<RevCommit> commits = rig.commits();
        assertThat(commits).hasSize(1);
        assertThat(((CommitResult.Committed) result).commitSha())
                .isEqualTo(commits.getFirst().name());
        assertThat(rig.tree(rig.head()))
                .containsExactly(Map.entry("apps/hello/staging/rollout.yaml", "kind: Rollout\n"));
    }

    @Test
    void commitCarriesTheSubjectTrailersAndIdentityOfDesign() throws Exception {
        writer.commit(deploy(STAGING, 1, files("rollout.yaml", "x")));

        RevCommit commit = rig.commits().getFirst();
        assertThat(commit.getFullMessage()).isEqualTo("""
                        deploy hello/staging: acme/hello@6dcb09b by @alice

                        Pitapat-Action: deploy
                        Pitapat-App: hello
                        Pitapat-Environment: staging
                        Pitapat-Source: acme/hello@6dcb09b5b57875f334f61aebed695e2e4193db5e
                        Pitapat-Deployment: d-000000000001
                        Pitapat-Requested-By: alice
                        """);
        assertThat(commit.getAuthorIdent().getName()).isEqualTo("pitapat");
        assertThat(commit.getCommitterIdent().getEmailAddress()).isEqualTo("pitapat@users.noreply.github.com");
        assertThat(commit.getCommitterIdent().getWhenAsInstant()).isEqualTo(GitOpsRig.CLOCK.instant());
    }

    @Test
    void commitReplacesOnlyItsEnvironmentFolder() throws Exception {
        writer.commit(deploy(STAGING, 1, files("a.yaml", "a1", "b.yaml", "b1")));
        writer.commit(deploy(target("hello", "production"), 2, files("a.yaml", "p")));
        writer.commit(deploy(target("other", "staging"), 3, files("a.yaml", "o")));
        rig.competitorPushes("README.md", "not pitapat's");

        writer.commit(deploy(STAGING, 4, files("a.yaml", "a2", "c.yaml", "c2")));

        RevCommit last = rig.commits().getFirst();
        assertThat(rig.changedPaths(last))
                .containsExactlyInAnyOrder(
                        "apps/hello/staging/a.yaml", "apps/hello/staging/b.yaml", "apps/hello/staging/c.yaml");
        assertThat(rig.tree(last.name()))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "README.md", "not pitapat's",
                        "apps/hello/production/a.yaml", "p",
                        "apps/other/staging/a.yaml", "o",
                        "apps/hello/staging/a.yaml", "a2",
                        "apps/hello/staging/c.yaml", "c2"));
    }

    @Test
    void unchangedContentMakesNoCommit() throws Exception {
        writer.commit(deploy(STAGING, 1, files("a.yaml", "same")));

        CommitResult again = writer.commit(deploy(STAGING, 2, files("a.yaml", "same")));

        assertThat(again).isEqualTo(new CommitResult.Unchanged());
        assertThat(rig.commits()).hasSize(1);
    }

    @Test
    void aDeploymentIdIsCommittedOnceEvenAfterARestart() throws Exception {
        CommitResult.Committed first =
                (CommitResult.Committed) writer.commit(deploy(STAGING, 7, files("a.yaml", "v1")));
        writer.commit(deploy(target("other", "staging"), 8, files("a.yaml", "o")));
        writer.close(); // the process died after pushing, before replying

        writer = rig.writer();
        CommitResult retried = writer.commit(deploy(STAGING, 7, files("a.yaml", "v1")));
        CommitResult changedRetry = writer.commit(deploy(STAGING, 7, files("a.yaml", "v2")));

        assertThat(retried).isEqualTo(new CommitResult.AlreadyCommitted(first.commitSha()));
        assertThat(changedRetry).isEqualTo(new CommitResult.AlreadyCommitted(first.commitSha()));
        assertThat(rig.commits()).hasSize(2);
    }

    @Test
    void undeployRemovesTheFolder() throws Exception {
        writer.commit(deploy(STAGING, 1, files("a.yaml", "a", "b.yaml", "b")));
        writer.commit(deploy(target("hello", "production"), 2, files("a.yaml", "p")));

        CommitResult result =
                writer.commit(new Change(STAGING, Map.of(), Action.UNDEPLOY, GitOpsRig.SOURCE, id(3), "alice"));

        assertThat(result).isInstanceOf(CommitResult.Committed.class);
        assertThat(rig.tree(rig.head())).containsOnlyKeys("apps/hello/production/a.yaml");
        assertThat(rig.commits().getFirst().getShortMessage()).startsWith("undeploy hello/staging:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape.yaml", "sub/dir.yaml", "Upper.yaml", "a.yml", ".yaml", "-a.yaml", "a.yaml\n"})
    void refusesFileNamesOutsideTheRule(String name) throws Exception {
        CommitResult result = writer.commit(deploy(STAGING, 1, files("ok.yaml", "x", name, "y")));

        assertThat(result)
                .isInstanceOfSatisfying(
                        CommitResult.Refused.class, r -> assertThat(r.rule()).isEqualTo("file-name"));
        assertThat(rig.commits()).isEmpty();
    }

    @Test
    void anAppBelongsToTheRepositoryThatFirstDeployedIt() throws Exception {
        writer.commit(deploy(STAGING, 1, files("a.yaml", "a")));
        SourceRef intruder = new SourceRef("mallory/hello", new Sha("1234567890abcdef1234567890abcdef12345678"));

        CommitResult result = writer.commit(new Change(
                target("hello", "production"), files("a.yaml", "m"), Action.DEPLOY, intruder, id(2), "mallory"));

        assertThat(writer.ownerOf(STAGING.app())).contains("acme/hello");
        assertThat(writer.ownerOf(new dev.pitapat.model.AppName("nobody"))).isEmpty();
        assertThat(result).isInstanceOfSatisfying(CommitResult.Refused.class, r -> {
            assertThat(r.rule()).isEqualTo("app-owned-elsewhere");
            assertThat(r.why()).contains("acme/hello");
        });
        assertThat(rig.commits()).hasSize(1);
    }

    @Test
    void historyListsDeploymentsNewestFirstWithTheirTrailers() throws Exception {
        String first = sha(writer.commit(deploy(STAGING, 1, files("a.yaml", "1"))));
        writer.commit(deploy(target("hello", "production"), 2, files("a.yaml", "p")));
        rig.competitorPushes("apps/hello/staging/notes.txt", "a human edit without trailers");
        String third = sha(writer.commit(
                new Change(STAGING, files("a.yaml", "3"), Action.PROMOTE, GitOpsRig.SOURCE, id(3), "bob")));

        List<DeploymentCommit> history = writer.history(STAGING, 10);

        assertThat(history).extracting(DeploymentCommit::commitSha).containsExactly(third, first);
        DeploymentCommit newest = history.getFirst();
        assertThat(newest.action()).isEqualTo(Action.PROMOTE);
        assertThat(newest.target()).isEqualTo(STAGING);
        assertThat(newest.source()).isEqualTo(GitOpsRig.SOURCE);
        assertThat(newest.deployment()).isEqualTo(id(3));
        assertThat(newest.requestedBy()).isEqualTo("bob");
        assertThat(newest.time()).isEqualTo(GitOpsRig.CLOCK.instant());
        assertThat(writer.history(STAGING, 1))
                .extracting(DeploymentCommit::commitSha)
                .containsExactly(third);
    }

    @Test
    void rollbackRestoresTheFolderTreeOfAnEarlierDeployment() throws Exception {
        String one = sha(writer.commit(deploy(STAGING, 1, files("a.yaml", "v1", "b.yaml", "b"))));
        writer.commit(deploy(STAGING, 2, files("a.yaml", "v2", "c.yaml", "c")));

        Map<String, byte[]> restored = writer.treeOf(STAGING, new Sha(one)).orElseThrow();
        String rollback =
                sha(writer.commit(new Change(STAGING, restored, Action.ROLLBACK, GitOpsRig.SOURCE, id(3), "alice")));

        assertThat(text(writer.treeOf(STAGING, new Sha(rollback)).orElseThrow()))
                .isEqualTo(Map.of("a.yaml", "v1", "b.yaml", "b"));
        assertThat(text(restored))
                .isEqualTo(text(writer.treeOf(STAGING, new Sha(rollback)).orElseThrow()));
        assertThat(rig.commits()).hasSize(3);
        assertThat(writer.treeOf(STAGING, new Sha("0123456789abcdef0123456789abcdef01234567")))
                .isEmpty();
    }

    @Test
    void aLaterCommitHoldsOurFolderOnlyWhenItLeftTheFolderAsOurCommitDid() throws Exception {
        Target production = target("hello", "production");
        String ours = sha(writer.commit(deploy(STAGING, 1, files("a.yaml", "v1"))));
        String elsewhere = sha(writer.commit(deploy(production, 2, files("a.yaml", "p1"))));
        String changed = sha(writer.commit(deploy(STAGING, 3, files("a.yaml", "v2"))));
        // another replica's clone pushes a commit this one has not seen
        GitOpsWriter other = new GitOpsWriter(
                rig.remote.toString(), "main", tmp.resolve("other"), GitOpsWriter.DEFAULT_IDENTITY, GitOpsRig.CLOCK);
        String theirs;
        try {
            theirs = sha(other.commit(deploy(production, 4, files("a.yaml", "p2"))));
        } finally {
            other.close();
        }

        assertThat(writer.holdsFolderOf(STAGING, new Sha(ours), ours)).contains(true);
        assertThat(writer.holdsFolderOf(STAGING, new Sha(ours), elsewhere)).contains(true);
        assertThat(writer.holdsFolderOf(STAGING, new Sha(ours), changed)).contains(false);
        assertThat(writer.holdsFolderOf(STAGING, new Sha(elsewhere), ours))
                .as("older")
                .contains(false);
        assertThat(writer.holdsFolderOf(STAGING, new Sha(ours), "main")).contains(false);
        assertThat(writer.holdsFolderOf(STAGING, new Sha(changed), theirs))
                .as("not fetched yet")
                .isEmpty();
        writer.fetch();
        assertThat(writer.holdsFolderOf(STAGING, new Sha(changed), theirs)).contains(true);
    }

    static String sha(CommitResult result) {
        return ((CommitResult.Committed) result).commitSha();
    }

    static Map<String, String> text(Map<String, byte[]> files) {
        Map<String, String> text = new TreeMap<>();
        files.forEach((k, v) -> text.put(k, new String(v, StandardCharsets.UTF_8)));
        return text;
    }
}
