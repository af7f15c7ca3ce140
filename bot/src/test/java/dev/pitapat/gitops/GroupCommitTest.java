package dev.pitapat.gitops;

import static dev.pitapat.gitops.GitOpsRig.deploy;
import static dev.pitapat.gitops.GitOpsRig.files;
import static dev.pitapat.gitops.GitOpsRig.id;
import static dev.pitapat.gitops.GitOpsRig.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pitapat.model.Sha;
import dev.pitapat.testing.GitHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits that wait for the branch while another push is on its way are pushed together: one push, one commit
 * per change, each checked and answered as if it were alone. Groups are made by holding a push in the server's
 * pre-receive hook while other commits queue behind it.
 */
class GroupCommitTest {

    private static final String TOKEN = "ghs_groupCommitTestToken000001";
    private static final SourceRef MALLORY =
            new SourceRef("mallory/hello", new Sha("1234567890abcdef1234567890abcdef12345678"));

    @TempDir
    Path tmp;

    private GitHttpServer server;
    private GitOpsWriter writer;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        server = GitHttpServer.start(tmp.resolve("served"), TOKEN);
        writer = new GitOpsWriter(
                server.url(),
                GitCredentials.token(TOKEN),
                "main",
                tmp.resolve("work"),
                GitOpsWriter.DEFAULT_IDENTITY,
                GitOpsRig.CLOCK);
        writer.commit(deploy(target("seed", "staging"), 900, files("a.yaml", "seed")));
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        writer.close();
        server.close();
    }

    @Test
    void commitsThatWaitedTogetherLandInOnePushOneCommitEachInOrderWithTheirTrailers() throws Exception {
        GitHttpServer.PushHold held = server.holdNextPush();
        Future<CommitResult> first = commitInBackground(deploy(target("app-0", "staging"), 1, files("a.yaml", "0")));
        held.awaitArrival();
        int pushes = server.pushes();
        List<Change> group = new ArrayList<>();
        List<Future<CommitResult>> results = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Change change = deploy(target("app-" + i, "staging"), 1 + i, files("a.yaml", "" + i, "b.yaml", "b"));
            group.add(change);
            results.add(queue(change));
        }

        held.release();

        assertThat(first.get()).isInstanceOf(CommitResult.Committed.class);
        for (Future<CommitResult> result : results) {
            assertThat(result.get()).isInstanceOf(CommitResult.Committed.class);
        }
        assertThat(server.pushes() - pushes)
                .as("the five waiting commits in one push")
                .isEqualTo(1);
        List<RevCommit> newest = commits().subList(0, 6).reversed();
        assertThat(newest.getFirst().name()).isEqualTo(GitOpsWriterTest.sha(first.get()));
        for (int i = 0; i < group.size(); i++) {
            RevCommit commit = newest.get(i + 1);
            assertThat(GitOpsWriterTest.sha(results.get(i).get())).isEqualTo(commit.name());
            assertThat(commit.getFullMessage()).isEqualTo(group.get(i).message());
            assertThat(commit.getParent(0)).isEqualTo(newest.get(i));
            assertThat(changedPaths(commit))
                    .containsExactly(
                            "apps/app-" + (i + 1) + "/staging/a.yaml", "apps/app-" + (i + 1) + "/staging/b.yaml");
        }
    }

    @Test
    void aChangeARuleStopsInAGroupIsAnsweredAloneAndTheOthersCommit() throws Exception {
        writer.commit(
                new Change(target("taken", "staging"), files("a.yaml", "m"), Action.DEPLOY, MALLORY, id(2), "mallory"));
        writer.commit(deploy(target("same", "staging"), 3, files("a.yaml", "same")));
        GitHttpServer.PushHold held = server.holdNextPush();
        Future<CommitResult> first = commitInBackground(deploy(target("app-0", "staging"), 4, files("a.yaml", "0")));
        held.awaitArrival();
        int before = commits().size();

        Future<CommitResult> one = queue(deploy(target("app-1", "staging"), 5, files("a.yaml", "1")));
        Future<CommitResult> owned = queue(deploy(target("taken", "production"), 6, files("a.yaml", "x")));
        Future<CommitResult> unchanged = queue(deploy(target("same", "staging"), 7, files("a.yaml", "same")));
        Future<CommitResult> claims = queue(deploy(target("fresh", "staging"), 8, files("a.yaml", "f")));
        Future<CommitResult> claimedInTheGroup = queue(new Change(
                target("fresh", "production"), files("a.yaml", "m"), Action.DEPLOY, MALLORY, id(9), "mallory"));
        Future<CommitResult> two = queue(deploy(target("app-2", "staging"), 10, files("a.yaml", "2")));
        held.release();

        first.get();
        assertThat(owned.get())
                .isInstanceOfSatisfying(
                        CommitResult.Refused.class, r -> assertThat(r.why()).contains("mallory/hello"));
        assertThat(unchanged.get()).isEqualTo(new CommitResult.Unchanged());
        assertThat(claimedInTheGroup.get())
                .as("the app was first deployed by acme/hello earlier in the same group")
                .isInstanceOfSatisfying(CommitResult.Refused.class, r -> {
                    assertThat(r.rule()).isEqualTo("app-owned-elsewhere");
                    assertThat(r.why()).contains("acme/hello");
                });
        List<String> committed = List.of(
                GitOpsWriterTest.sha(two.get()), GitOpsWriterTest.sha(claims.get()), GitOpsWriterTest.sha(one.get()));
        List<RevCommit> commits = commits();
        assertThat(commits).hasSize(before + 1 + 3);
        assertThat(commits.subList(0, 3)).extracting(RevCommit::name).isEqualTo(committed);
        assertThat(writer.ownerOf(target("fresh", "staging").app())).contains("acme/hello");
    }

    @Test
    void aDeploymentIdIsCommittedOnceWhetherAlreadyOnTheBranchOrAskedTwiceAtOnce() throws Exception {
        CommitResult earlier = writer.commit(deploy(target("hello", "staging"), 7, files("a.yaml", "7")));
        GitHttpServer.PushHold held = server.holdNextPush();
        Future<CommitResult> first = commitInBackground(deploy(target("app-0", "staging"), 1, files("a.yaml", "0")));
        held.awaitArrival();
        int before = commits().size();

        Future<CommitResult> retried = queue(deploy(target("hello", "staging"), 7, files("a.yaml", "7")));
        Future<CommitResult> other = queue(deploy(target("app-1", "staging"), 8, files("a.yaml", "1")));
        Future<CommitResult> twice = queue(deploy(target("app-2", "staging"), 9, files("a.yaml", "2")));
        Future<CommitResult> again = commitInBackground(deploy(target("app-2", "staging"), 9, files("a.yaml", "2")));
        held.release();

        first.get();
        assertThat(retried.get()).isEqualTo(new CommitResult.AlreadyCommitted(GitOpsWriterTest.sha(earlier)));
        assertThat(other.get()).isInstanceOf(CommitResult.Committed.class);
        String committed = GitOpsWriterTest.sha(twice.get());
        assertThat(again.get()).isEqualTo(new CommitResult.AlreadyCommitted(committed));
        assertThat(commits()).hasSize(before + 1 + 2);
        assertThat(commits().stream().filter(c -> c.getFullMessage().contains("Pitapat-Deployment: " + id(9))))
                .singleElement()
                .extracting(RevCommit::name)
                .isEqualTo(committed);
    }

    @Test
    void aGroupThatLostTheRaceIsBuiltAgainOnTheNewHeadAndPushedWholeLessTheChangesNoLongerHeld() throws Exception {
        GitHttpServer.PushHold first = server.holdNextPush();
        Future<CommitResult> leader = commitInBackground(deploy(target("app-0", "staging"), 1, files("a.yaml", "0")));
        first.awaitArrival();
        AtomicInteger asked = new AtomicInteger();
        BooleanSupplier lapsesAfterTheFirstAttempt = () -> asked.incrementAndGet() == 1;
        List<Future<CommitResult>> group = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            group.add(queue(deploy(target("app-" + i, "staging"), 1 + i, files("a.yaml", "" + i))));
        }
        Future<CommitResult> lapses =
                queue(deploy(target("app-4", "staging"), 5, files("a.yaml", "4")), lapsesAfterTheFirstAttempt);
        GitHttpServer.PushHold groupsPush = server.holdNextPush();
        first.release();
        leader.get();
        groupsPush.awaitArrival();
        String theirs = anotherProcessPushes("other/staging", "o.yaml", "theirs");
        int pushes = server.pushes();

        groupsPush.release();

        for (Future<CommitResult> result : group) {
            assertThat(result.get()).isInstanceOf(CommitResult.Committed.class);
        }
        assertThat(lapses.get()).isEqualTo(new CommitResult.NotHeld());
        assertThat(asked).hasValue(2);
        assertThat(server.pushes() - pushes).as("the group pushed again, once").isEqualTo(1);
        List<RevCommit> commits = commits();
        assertThat(commits.subList(0, 3))
                .extracting(RevCommit::name)
                .containsExactly(
                        GitOpsWriterTest.sha(group.get(2).get()),
                        GitOpsWriterTest.sha(group.get(1).get()),
                        GitOpsWriterTest.sha(group.get(0).get()));
        assertThat(commits.get(3).name()).isEqualTo(theirs);
        assertThat(commits).noneMatch(c -> c.getFullMessage().contains("Pitapat-App: app-4"));
    }

    @Test
    void aPushTheRepositoryRefusesFailsEveryCommitOfTheGroupWithTheReason() throws Exception {
        GitHttpServer.PushHold held = server.holdNextPush();
        Future<CommitResult> first = commitInBackground(deploy(target("app-0", "staging"), 1, files("a.yaml", "0")));
        held.awaitArrival();
        List<Future<CommitResult>> group = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            group.add(queue(deploy(target("app-" + i, "staging"), 1 + i, files("a.yaml", "" + i))));
        }
        server.refusePushes("protected branch hook declined");
        int pushes = server.pushes();
        String head = commits().getFirst().name();

        held.release();

        assertThatThrownBy(first::get).hasCauseInstanceOf(GitOpsException.class);
        for (Future<CommitResult> result : group) {
            assertThatThrownBy(result::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            GitOpsException.class,
                            e -> assertThat(e.retryHelps()).isFalse())
                    .hasMessageContaining("3 commits in one push")
                    .hasMessageContaining("the GitOps repository refused it")
                    .hasMessageContaining("protected branch hook declined");
        }
        assertThat(server.pushes() - pushes)
                .as("one refused push for the group, not retried")
                .isEqualTo(1);
        assertThat(commits().getFirst().name()).isEqualTo(head);
    }

    @Test
    void fiftyAppsCommittingAtOnceOverHttpAllLandOnceWithTheirTrailers() throws Exception {
        int apps = 50;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CommitResult>> results = new ArrayList<>();
        for (int i = 0; i < apps; i++) {
            Change change = deploy(target("app-" + i, "staging"), 100 + i, files("a.yaml", "" + i));
            results.add(pool.submit(() -> {
                go.await();
                return writer.commit(change);
            }));
        }
        int before = commits().size();

        go.countDown();

        Map<String, String> committed = new HashMap<>();
        for (int i = 0; i < apps; i++) {
            committed.put(
                    id(100 + i).value(), GitOpsWriterTest.sha(results.get(i).get()));
        }
        List<RevCommit> commits = commits();
        assertThat(commits).hasSize(before + apps);
        Map<String, String> onTheBranch = new HashMap<>();
        for (RevCommit commit : commits.subList(0, apps)) {
            Map<String, String> trailers = CommitTrailers.of(commit);
            assertThat(trailers)
                    .containsKeys(
                            CommitTrailers.ACTION,
                            CommitTrailers.APP,
                            CommitTrailers.ENVIRONMENT,
                            CommitTrailers.SOURCE,
                            CommitTrailers.REQUESTED_BY);
            assertThat(onTheBranch.put(trailers.get(CommitTrailers.DEPLOYMENT), commit.name()))
                    .isNull();
            assertThat(changedPaths(commit))
                    .containsExactly("apps/" + trailers.get(CommitTrailers.APP) + "/staging/a.yaml");
        }
        assertThat(onTheBranch).isEqualTo(committed);
    }

    private Future<CommitResult> commitInBackground(Change change) {
        return pool.submit(() -> writer.commit(change));
    }

    /** Commits {@code change} from another thread, once it waits for the branch behind those already waiting. */
    private Future<CommitResult> queue(Change change) {
        return queue(change, () -> true);
    }

    private Future<CommitResult> queue(Change change, BooleanSupplier stillHeld) {
        int waiting = writer.waitingForTheBranch();
        Future<CommitResult> result = pool.submit(() -> writer.commit(change, stillHeld));
        await().until(() -> writer.waitingForTheBranch() == waiting + 1);
        return result;
    }

    /** Another process's commit of {@code folder/file}, straight into the served repository; returns it. */
    private String anotherProcessPushes(String folder, String file, String content) throws IOException {
        try (Repository repo = server.open();
                ObjectInserter inserter = repo.newObjectInserter();
                ObjectReader reader = inserter.newReader();
                RevWalk walk = new RevWalk(reader)) {
            ObjectId head = repo.resolve(Constants.R_HEADS + "main");
            ObjectId tree = FolderTree.replaceFolder(
                    reader,
                    inserter,
                    Optional.of(walk.parseCommit(head).getTree().getId()),
                    folder,
                    Map.of(file, content.getBytes(StandardCharsets.UTF_8)));
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            commit.setParentId(head);
            commit.setAuthor(GitOpsWriter.DEFAULT_IDENTITY);
            commit.setCommitter(GitOpsWriter.DEFAULT_IDENTITY);
            commit.setMessage("another process writes " + folder);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repo.updateRef(Constants.R_HEADS + "main");
            update.setExpectedOldObjectId(head);
            update.setNewObjectId(id);
            assertThat(update.update()).isEqualTo(RefUpdate.Result.FAST_FORWARD);
            return id.name();
        }
    }

    /** Commits on the served main, newest first. */
    private List<RevCommit> commits() throws IOException {
        List<RevCommit> commits = new ArrayList<>();
        try (Repository repo = server.open();
                RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(repo.resolve(Constants.R_HEADS + "main")));
            for (RevCommit commit : walk) {
                walk.parseBody(commit);
                commits.add(commit);
            }
        }
        return commits;
    }

    /** Paths {@code commit} changed against its parent. */
    private List<String> changedPaths(RevCommit commit) throws IOException {
        try (Repository repo = server.open()) {
            return GitOpsRig.changedPaths(repo, commit);
        }
    }
}
