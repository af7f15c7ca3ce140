package dev.pitapat.gitops;

import static dev.pitapat.gitops.GitOpsRig.deploy;
import static dev.pitapat.gitops.GitOpsRig.files;
import static dev.pitapat.gitops.GitOpsRig.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pitapat.model.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Other processes push to the branch too; the writer's own threads race each other. */
class GitOpsRaceTest {

    @TempDir
    Path tmp;

    /** A clock that runs {@code hook} each time the writer stamps a commit: after its fetch, before its push. */
    static final class HookedClock extends Clock {
        private final Runnable hook;

        HookedClock(Runnable hook) {
            this.hook = hook;
        }

        @Override
        public Instant instant() {
            hook.run();
            return GitOpsRig.CLOCK.instant();
        }

        @Override
        public ZoneId getZone() {
            return GitOpsRig.CLOCK.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void aPushRacedByAnotherProcessIsRebuiltOnTopAndNeverForced() throws Exception {
        GitOpsRig rig = new GitOpsRig(tmp);
        rig.competitorPushes("README.md", "v0");
        AtomicInteger stamps = new AtomicInteger();
        List<String> competitorCommits = new ArrayList<>();
        HookedClock clock = new HookedClock(() -> {
            if (stamps.incrementAndGet() == 1) {
                competitorCommits.add(unchecked(() -> rig.competitorPushes("README.md", "v1")));
            }
        });
        try (GitOpsWriter writer = rig.writer(clock)) {
            CommitResult result = writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "a")));

            String ours = GitOpsWriterTest.sha(result);
            assertThat(stamps).hasValue(2);
            assertThat(rig.head()).isEqualTo(ours);
            assertThat(rig.commits()).hasSize(3);
            assertThat(rig.commits().getFirst().getParent(0).name()).isEqualTo(competitorCommits.getFirst());
            assertThat(rig.isAncestor(competitorCommits.getFirst(), ours)).isTrue();
            assertThat(rig.tree(ours)).containsEntry("README.md", "v1").containsEntry("apps/hello/staging/a.yaml", "a");
        }
    }

    @Test
    void replicasPushingAtOnceAllLandTheirCommits() throws Exception {
        GitOpsRig rig = new GitOpsRig(tmp);
        rig.competitorPushes("README.md", "v0");
        int replicas = 3;
        int threadsEach = 3;
        int commitsEach = 5;
        List<GitOpsWriter> writers = new ArrayList<>();
        for (int r = 0; r < replicas; r++) {
            writers.add(new GitOpsWriter(
                    rig.remote.toString(),
                    "main",
                    tmp.resolve("replica-" + r),
                    GitOpsWriter.DEFAULT_IDENTITY,
                    GitOpsRig.CLOCK));
        }
        ExecutorService pool = Executors.newFixedThreadPool(replicas * threadsEach);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int r = 0; r < replicas; r++) {
                for (int t = 0; t < threadsEach; t++) {
                    GitOpsWriter writer = writers.get(r);
                    int first = (r * threadsEach + t) * commitsEach;
                    done.add(pool.submit(() -> {
                        for (int n = first; n < first + commitsEach; n++) {
                            writer.commit(deploy(target("app-" + n, "staging"), n + 1, files("a.yaml", "v" + n)));
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get(); // a writer that lost every race fails here
            }
        } finally {
            pool.shutdownNow();
            for (GitOpsWriter writer : writers) {
                writer.close();
            }
        }

        int total = replicas * threadsEach * commitsEach;
        assertThat(rig.commits()).hasSize(1 + total);
        assertThat(rig.tree(rig.head())).hasSize(1 + total);
    }

    @Test
    void givesUpAfterItsPatienceWhenTheBranchKeepsMoving() throws Exception {
        GitOpsRig rig = new GitOpsRig(tmp);
        AtomicInteger stamps = new AtomicInteger();
        HookedClock clock = new HookedClock(
                () -> unchecked(() -> rig.competitorPushes("README.md", "v" + stamps.incrementAndGet())));
        try (GitOpsWriter writer = rig.writer(clock)) {
            writer.racePatience(Duration.ofMillis(400));
            assertThatThrownBy(() -> writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "a"))))
                    .isInstanceOf(GitOpsException.class)
                    .hasMessageContaining("deploy commit for hello/staging")
                    .hasMessageMatching(
                            ".*the branch moved during each of \\d+ attempts over 0 s.*nothing was committed");

            // at least one retry (how many fit in the patience depends on how fast the machine pushes)
            assertThat(stamps).hasValueGreaterThanOrEqualTo(2);
            assertThat(rig.commits()).hasSize(stamps.get());
            assertThat(rig.tree(rig.head())).containsOnlyKeys("README.md");
        }
    }

    @Test
    void aPushTheRemoteRefusesIsAFailureNotASuccess() throws Exception {
        GitOpsRig rig = new GitOpsRig(tmp);
        try (GitOpsWriter writer = rig.writer()) {
            writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "a")));
            String before = rig.head();
            Files.writeString(rig.remote.resolve("refs/heads/main.lock"), "held by a protection hook");

            assertThatThrownBy(() -> writer.commit(deploy(target("hello", "staging"), 2, files("a.yaml", "b"))))
                    .isInstanceOf(GitOpsException.class)
                    .hasMessageContaining("pushing deploy commit for hello/staging")
                    .hasMessageContaining("refused");

            Files.delete(rig.remote.resolve("refs/heads/main.lock"));
            assertThat(rig.head()).isEqualTo(before);
            assertThat(rig.commits()).hasSize(1);
        }
    }

    @Test
    void twentyAppsCommitInParallelWhileAnotherProcessPushesAndNoneIsLost() throws Exception {
        GitOpsRig rig = new GitOpsRig(tmp);
        int apps = 20;
        int competitorPushes = 8;
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(apps + 1);
        try (GitOpsWriter writer = rig.writer()) {
            Future<?> competitor = pool.submit(() -> {
                for (int i = 0; i < competitorPushes; i++) {
                    int after = i * 2;
                    String path = "other/file-" + i + ".txt";
                    await().until(() -> done.get() >= Math.min(after, apps));
                    unchecked(() -> rig.competitorPushes(path, "x"));
                }
                return null;
            });
            List<Future<CommitResult>> results = new ArrayList<>();
            for (int i = 0; i < apps; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    CommitResult r =
                            writer.commit(deploy(target("app-" + n, "staging"), 100 + n, files("a.yaml", "" + n)));
                    done.incrementAndGet();
                    return r;
                }));
            }
            for (Future<CommitResult> r : results) {
                assertThat(r.get()).isInstanceOf(CommitResult.Committed.class);
            }
            competitor.get();
        } finally {
            pool.shutdownNow();
        }
        List<RevCommit> commits = rig.commits();
        assertThat(commits).hasSize(apps + competitorPushes);
        Map<String, String> tree = rig.tree(rig.head());
        for (int i = 0; i < apps; i++) {
            assertThat(tree).containsEntry("apps/app-" + i + "/staging/a.yaml", "" + i);
        }
        for (int i = 0; i < competitorPushes; i++) {
            assertThat(tree).containsKey("other/file-" + i + ".txt");
        }
        for (RevCommit c : commits) {
            assertThat(c.getParentCount()).isLessThanOrEqualTo(1);
            if (c.getShortMessage().startsWith("deploy ")) {
                assertThat(rig.changedPaths(c)).singleElement().asString().startsWith("apps/");
            }
        }
    }

    @Test
    void commitsToOneEnvironmentFromManyThreadsAreSerialised() throws Exception {
        GitOpsRig rig = new GitOpsRig(tmp);
        Target staging = target("hello", "staging");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<String> shas = new ArrayList<>();
        try (GitOpsWriter writer = rig.writer()) {
            List<Future<CommitResult>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                results.add(pool.submit(() -> writer.commit(deploy(staging, n + 1, files("a.yaml", "v" + n)))));
            }
            for (Future<CommitResult> r : results) {
                shas.add(GitOpsWriterTest.sha(r.get()));
            }
            assertThat(writer.history(staging, 100)).hasSize(threads);
        } finally {
            pool.shutdownNow();
        }
        List<RevCommit> commits = rig.commits();
        assertThat(commits).extracting(RevCommit::name).containsExactlyInAnyOrderElementsOf(shas);
        for (int i = 0; i < commits.size() - 1; i++) {
            assertThat(commits.get(i).getParent(0)).isEqualTo(commits.get(i + 1));
        }
        String newestContent = rig.tree(commits.getFirst().name()).get("apps/hello/staging/a.yaml");
        assertThat(commits.getFirst().getFullMessage())
                .contains("Pitapat-Deployment: " + GitOpsRig.id(Integer.parseInt(newestContent.substring(1)) + 1));
    }

    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    static <T> T unchecked(ThrowingSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
