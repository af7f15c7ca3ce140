package dev.pitapat.gitops;

import static dev.pitapat.gitops.GitOpsRig.deploy;
import static dev.pitapat.gitops.GitOpsRig.files;
import static dev.pitapat.gitops.GitOpsRig.id;
import static dev.pitapat.gitops.GitOpsRig.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.model.AppName;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Other processes write the same branch between the writer's commits: what the writer remembers of the log
 * (owners, deployment ids, the head it last saw) must never make it lose their commits, commit a deployment
 * id twice or misjudge an owner. Each writer here has already committed once, so it has read the log.
 */
class GitOpsSharedBranchTest {

    private static final Target HELLO = target("hello", "staging");
    private static final SourceRef MALLORY =
            new SourceRef("mallory/hello", new Sha("1234567890abcdef1234567890abcdef12345678"));

    @TempDir
    Path tmp;

    private GitOpsRig rig;
    private GitOpsWriter writer;

    @BeforeEach
    void setUp() throws Exception {
        rig = new GitOpsRig(tmp);
        writer = rig.writer();
        writer.commit(deploy(target("warm-up", "staging"), 900, files("a.yaml", "w")));
    }

    @AfterEach
    void tearDown() {
        writer.close();
    }

    @Test
    void aDeploymentIdAnotherReplicaCommittedIsNotCommittedAgain() throws Exception {
        String theirs;
        try (GitOpsWriter replica = new GitOpsWriter(
                rig.remote.toString(),
                "main",
                tmp.resolve("replica"),
                GitOpsWriter.DEFAULT_IDENTITY,
                GitOpsRig.CLOCK)) {
            theirs = GitOpsWriterTest.sha(replica.commit(deploy(HELLO, 7, files("a.yaml", "v1"))));
        }

        CommitResult ours = writer.commit(deploy(HELLO, 7, files("a.yaml", "v1")));

        assertThat(ours).isEqualTo(new CommitResult.AlreadyCommitted(theirs));
        assertThat(rig.head()).isEqualTo(theirs);
        assertThat(rig.commits()).hasSize(2);
    }

    @Test
    void anAppAnotherProcessClaimedIsRefused() throws Exception {
        Change claim = new Change(HELLO, files("a.yaml", "m"), Action.DEPLOY, MALLORY, id(5), "mallory");
        String claimed = rig.competitorPushes("apps/hello/staging/a.yaml", "m", claim.message());

        CommitResult result = writer.commit(deploy(HELLO, 6, files("a.yaml", "a")));

        assertThat(result).isInstanceOfSatisfying(CommitResult.Refused.class, r -> {
            assertThat(r.rule()).isEqualTo("app-owned-elsewhere");
            assertThat(r.why()).contains("mallory/hello");
        });
        assertThat(writer.ownerOf(new AppName("hello"))).contains("mallory/hello");
        assertThat(rig.head()).isEqualTo(claimed);
    }

    @Test
    void aCommitAnotherProcessPushedBetweenTwoDeploysStaysUnderTheNext() throws Exception {
        String first = GitOpsWriterTest.sha(writer.commit(deploy(HELLO, 1, files("a.yaml", "1"))));
        String theirs = rig.competitorPushes("README.md", "theirs");

        String second = GitOpsWriterTest.sha(writer.commit(deploy(HELLO, 2, files("a.yaml", "2"))));

        assertThat(rig.head()).isEqualTo(second);
        assertThat(rig.commits().getFirst().getParent(0).name()).isEqualTo(theirs);
        assertThat(rig.isAncestor(first, second)).isTrue();
        assertThat(rig.tree(second))
                .containsEntry("README.md", "theirs")
                .containsEntry("apps/hello/staging/a.yaml", "2");
    }

    @Test
    void aBranchRewrittenWithAnotherHistoryIsReadAgain() throws Exception {
        writer.commit(deploy(HELLO, 1, files("a.yaml", "1")));
        assertThat(writer.ownerOf(new AppName("hello"))).contains("acme/hello");
        Change theirs = new Change(HELLO, files("a.yaml", "m"), Action.DEPLOY, MALLORY, id(2), "mallory");
        String rewritten = rig.remoteCommit(List.of(), Map.of("apps/hello/staging/a.yaml", "m"), theirs.message());
        rig.forceMainTo(rewritten);

        CommitResult result = writer.commit(deploy(HELLO, 3, files("a.yaml", "3")));

        assertThat(result)
                .isInstanceOfSatisfying(
                        CommitResult.Refused.class, r -> assertThat(r.why()).contains("mallory/hello"));
        assertThat(rig.head()).isEqualTo(rewritten);
    }

    @Test
    void aBranchRewoundToAnEarlierCommitIsFollowedNotUndone() throws Exception {
        String before = rig.head();
        String undone = GitOpsWriterTest.sha(writer.commit(deploy(HELLO, 1, files("a.yaml", "1"))));
        rig.forceMainTo(before);

        CommitResult next = writer.commit(deploy(target("other", "staging"), 2, files("a.yaml", "o")));
        CommitResult fromMallory =
                writer.commit(new Change(HELLO, files("a.yaml", "m"), Action.DEPLOY, MALLORY, id(3), "mallory"));
        CommitResult sameIdAgain = writer.commit(new Change(
                target("third", "staging"), files("a.yaml", "t"), Action.DEPLOY, GitOpsRig.SOURCE, id(1), "alice"));

        assertThat(List.of(next, fromMallory, sameIdAgain)).allMatch(r -> r instanceof CommitResult.Committed);
        assertThat(rig.commits()).hasSize(4);
        assertThat(rig.isAncestor(undone, rig.head())).isFalse();
        assertThat(rig.isAncestor(before, rig.head())).isTrue();
        assertThat(rig.tree(rig.head())).containsEntry("apps/hello/staging/a.yaml", "m");
    }

    @Test
    void aRetryOrARefusalIsDecidedOnTheRemotesHeadNotOnTheOneLastSeen() throws Exception {
        String before = rig.head();
        writer.commit(deploy(HELLO, 1, files("a.yaml", "1")));
        rig.forceMainTo(before);

        CommitResult retried = writer.commit(deploy(HELLO, 1, files("a.yaml", "1")));
        assertThat(retried).isInstanceOf(CommitResult.Committed.class);
        rig.forceMainTo(before);
        CommitResult fromMallory =
                writer.commit(new Change(HELLO, files("a.yaml", "m"), Action.DEPLOY, MALLORY, id(2), "mallory"));

        assertThat(fromMallory).isInstanceOf(CommitResult.Committed.class);
        assertThat(rig.commits()).hasSize(2);
        assertThat(rig.tree(rig.head())).containsEntry("apps/hello/staging/a.yaml", "m");
    }

    @Test
    void aWriterThatLastSawAnOldHeadNeverPushesOverTheNewOne() throws Exception {
        try (GitOpsWriter replica = new GitOpsWriter(
                rig.remote.toString(),
                "main",
                tmp.resolve("replica"),
                new PersonIdent("replica", "replica@example.com"),
                GitOpsRig.CLOCK)) {
            for (int i = 0; i < 3; i++) {
                replica.commit(deploy(target("app-" + i, "staging"), 100 + i, files("a.yaml", "" + i)));
                writer.commit(deploy(target("ours-" + i, "staging"), 200 + i, files("a.yaml", "" + i)));
            }
        }

        assertThat(rig.commits()).hasSize(7);
        Map<String, String> tree = rig.tree(rig.head());
        for (int i = 0; i < 3; i++) {
            assertThat(tree)
                    .containsEntry("apps/app-" + i + "/staging/a.yaml", "" + i)
                    .containsEntry("apps/ours-" + i + "/staging/a.yaml", "" + i);
        }
    }
}
