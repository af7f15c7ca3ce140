package dev.pitapat.gitops;

import static dev.pitapat.gitops.GitOpsRig.deploy;
import static dev.pitapat.gitops.GitOpsRig.files;
import static dev.pitapat.gitops.GitOpsRig.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The bot's clone is made once and kept; a missing or broken one is made again. */
class WorkingCloneTest {

    @TempDir
    Path tmp;

    @Test
    void theCloneIsKeptAcrossCommitsAndRestarts() throws Exception {
        GitOpsRig rig = new GitOpsRig(tmp);
        Path marker = rig.workdir.resolve("kept-by-the-bot");
        try (GitOpsWriter writer = rig.writer()) {
            writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "1")));
            Files.writeString(marker, "a clone made again would lose this");
            writer.commit(deploy(target("hello", "staging"), 2, files("a.yaml", "2")));
        }
        try (GitOpsWriter restarted = rig.writer()) {
            restarted.commit(deploy(target("hello", "staging"), 3, files("a.yaml", "3")));
        }

        assertThat(marker).exists();
        assertThat(rig.commits()).hasSize(3);
        assertThat(Files.exists(rig.workdir.resolve("index")))
                .as("no working tree or index")
                .isFalse();
    }

    /**
     * JGit's automatic gc runs in the thread that set it off: a detached one kept writing {@code gc.log.lock} into a
     * clone that was being removed to be made again, and the new clone failed. A clone made before says so too once
     * opened.
     */
    @Test
    void theClonesGarbageCollectionNeverRunsDetached() throws Exception {
        GitOpsRig rig = new GitOpsRig(tmp);
        try (GitOpsWriter writer = rig.writer()) {
            writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "1")));
        }
        try (org.eclipse.jgit.lib.Repository clone = new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
                .setGitDir(rig.workdir.toFile())
                .build()) {
            assertThat(clone.getConfig().getBoolean("gc", null, "autoDetach", true))
                    .isFalse();
            clone.getConfig().unset("gc", null, "autoDetach"); // as a clone made by an earlier version has it
            clone.getConfig().save();
        }
        try (GitOpsWriter reopened = rig.writer()) {
            reopened.commit(deploy(target("hello", "staging"), 2, files("a.yaml", "2")));
        }
        try (org.eclipse.jgit.lib.Repository clone = new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
                .setGitDir(rig.workdir.toFile())
                .build()) {
            assertThat(clone.getConfig().getBoolean("gc", null, "autoDetach", true))
                    .isFalse();
        }
    }

    @Test
    void aMissingCloneIsMadeAgain() throws Exception {
        GitOpsRig rig = new GitOpsRig(tmp);
        try (GitOpsWriter writer = rig.writer()) {
            writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "1")));
        }
        delete(rig.workdir);

        try (GitOpsWriter writer = rig.writer()) {
            assertThat(writer.commit(deploy(target("hello", "staging"), 2, files("a.yaml", "2"))))
                    .isInstanceOf(CommitResult.Committed.class);
        }
        assertThat(rig.commits()).hasSize(2);
    }

    @Test
    void aCorruptCloneIsMadeAgainOnce() throws Exception {
        GitOpsRig rig = new GitOpsRig(tmp);
        try (GitOpsWriter writer = rig.writer()) {
            writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "1")));
        }
        delete(rig.workdir.resolve("objects"));
        Files.writeString(rig.workdir.resolve("config"), "[core\nthis is not a git config");

        try (GitOpsWriter writer = rig.writer()) {
            assertThat(writer.commit(deploy(target("hello", "staging"), 2, files("a.yaml", "2"))))
                    .isInstanceOf(CommitResult.Committed.class);
            assertThat(writer.history(target("hello", "staging"), 10)).hasSize(2);
        }
        assertThat(rig.commits()).hasSize(2);
    }

    /** What a crash during a ref update leaves: the clone's refs no longer move, so it is cloned again. */
    @Test
    void aStaleLockOnTheClonesBranchRefMakesItBeClonedAgain() throws Exception {
        GitOpsRig rig = new GitOpsRig(tmp);
        Path stale = rig.workdir.resolve("refs/remotes/origin/main.lock");
        try (GitOpsWriter writer = rig.writer()) {
            writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "1")));
            Files.writeString(stale, ""); // while running: the next push cannot be recorded in the clone
            assertThat(writer.commit(deploy(target("hello", "staging"), 2, files("a.yaml", "2"))))
                    .isInstanceOf(CommitResult.Committed.class);
            assertThat(writer.commit(deploy(target("hello", "staging"), 3, files("a.yaml", "3"))))
                    .isInstanceOf(CommitResult.Committed.class);
        }
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, ""); // and across a restart
        for (int restart = 4; restart <= 5; restart++) {
            try (GitOpsWriter writer = rig.writer()) {
                assertThat(writer.commit(deploy(target("hello", "staging"), restart, files("a.yaml", "" + restart))))
                        .isInstanceOf(CommitResult.Committed.class);
            }
        }

        assertThat(rig.commits()).hasSize(5);
        assertThat(stale).doesNotExist();
    }

    /**
     * A clone that can be neither used nor made again (here its directory's parent became a file, as when a
     * volume is gone) fails each write saying retrying will not help, and the health is DOWN until it works.
     */
    @Test
    void aCloneThatCannotBeMadeAgainIsALastingFaultShownByTheHealth() throws Exception {
        GitOpsRig rig = new GitOpsRig(tmp);
        Path volume = tmp.resolve("volume");
        Path workdir = volume.resolve("work");
        GitOpsProperties properties =
                new GitOpsProperties(rig.remote.toString(), "main", workdir, java.util.Optional.empty());
        GitRemote remote = GitRemote.of(properties, GitCredentials.anonymous());
        GitOpsRepository repository = new GitOpsRepository(properties, remote, GitOpsRig.CLOCK);
        try (GitOpsWriter writer = GitOpsWriter.of(properties, remote, GitOpsRig.CLOCK)) {
            writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "1")));
            Files.writeString(workdir.resolve("refs/remotes/origin/main.lock"), "");
            writer.commit(deploy(target("hello", "staging"), 2, files("a.yaml", "2"))); // its head is not recorded
            delete(volume);
            Files.writeString(volume, "not a directory");

            assertThatThrownBy(() -> writer.commit(deploy(target("hello", "staging"), 3, files("a.yaml", "3"))))
                    .isInstanceOfSatisfying(
                            GitOpsException.class,
                            e -> assertThat(e.retryHelps()).isFalse())
                    .hasMessageStartingWith("the working clone " + workdir.toAbsolutePath() + " cannot be used")
                    .hasMessageContaining("cloning it again failed");
            Health down = repository.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails().get("error").toString())
                    .startsWith("the working clone " + workdir.toAbsolutePath() + " cannot be used");

            Files.delete(volume);
            Files.createDirectories(volume);
            assertThat(writer.commit(deploy(target("hello", "staging"), 3, files("a.yaml", "3"))))
                    .isInstanceOf(CommitResult.Committed.class);
            assertThat(repository.health().getStatus()).isEqualTo(Status.UP);
        }
        assertThat(rig.commits()).hasSize(3);
    }

    @Test
    void aCloneThatLostItsObjectsStillCommitsTheWholeFolder() throws Exception {
        GitOpsRig rig = new GitOpsRig(tmp);
        try (GitOpsWriter writer = rig.writer()) {
            writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "1")));
        }
        delete(rig.workdir.resolve("objects"));
        Files.createDirectories(rig.workdir.resolve("objects"));

        try (GitOpsWriter writer = rig.writer()) {
            assertThat(writer.commit(deploy(target("hello", "staging"), 2, files("a.yaml", "2"))))
                    .isInstanceOf(CommitResult.Committed.class);
        }
        assertThat(rig.commits()).hasSize(2);
        assertThat(rig.tree(rig.head())).containsEntry("apps/hello/staging/a.yaml", "2");
    }

    /**
     * A clone whose branch diverged from the remote (a commit of its own the remote never had, as a half-done
     * write or a hand edit leaves) is not pushed: the push is a compare-and-swap, never forced, so the deploy is
     * built again on the remote's head and the stray commit never reaches the branch.
     */
    @Test
    void aDivergedCloneIsBroughtBackToTheRemoteAndItsStrayCommitIsNeverPushed() throws Exception {
        GitOpsRig rig = new GitOpsRig(tmp);
        ObjectId stray;
        try (GitOpsWriter writer = rig.writer()) {
            writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "1")));
            try (Repository clone = new FileRepositoryBuilder()
                            .setGitDir(rig.workdir.toFile())
                            .build();
                    ObjectInserter inserter = clone.newObjectInserter()) {
                stray = GitOpsRig.writeCommit(
                        inserter,
                        List.of(),
                        Map.of("apps/hello/staging/a.yaml", "stray"),
                        "not on the remote",
                        GitOpsWriter.DEFAULT_IDENTITY);
                inserter.flush();
                RefUpdate update = clone.updateRef("refs/remotes/origin/main");
                update.setNewObjectId(stray);
                update.setForceUpdate(true);
                update.update();
            }
            assertThat(writer.commit(deploy(target("hello", "staging"), 2, files("a.yaml", "2"))))
                    .isInstanceOf(CommitResult.Committed.class);
        }
        try (GitOpsWriter restarted = rig.writer()) {
            assertThat(restarted.commit(deploy(target("hello", "staging"), 3, files("a.yaml", "3"))))
                    .isInstanceOf(CommitResult.Committed.class);
        }

        assertThat(rig.commits()).hasSize(3).extracting(RevCommit::getId).doesNotContain(stray);
        assertThat(rig.tree(rig.head())).containsEntry("apps/hello/staging/a.yaml", "3");
    }

    /**
     * A working clone on a full disk (a 2 MiB tmpfs, where the test may mount one): the write fails saying
     * retrying will not help, the health says why, and once there is room again the next deploy works.
     */
    @Test
    void aFullDiskFailsTheWriteAsALastingFaultAndTheNextDeployWorksOnceThereIsRoom() throws Exception {
        Path mount = tmp.resolve("small");
        Files.createDirectories(mount);
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString())
                .redirectErrorStream(true)
                .start();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                mounting.waitFor() == 0, "mounting a tmpfs needs root and CAP_SYS_ADMIN, which this machine lacks");
        try {
            GitOpsRig rig = new GitOpsRig(tmp);
            Path workdir = mount.resolve("work");
            GitOpsProperties properties =
                    new GitOpsProperties(rig.remote.toString(), "main", workdir, java.util.Optional.empty());
            GitRemote remote = GitRemote.of(properties, GitCredentials.anonymous());
            GitOpsRepository repository = new GitOpsRepository(properties, remote, GitOpsRig.CLOCK);
            try (GitOpsWriter writer = GitOpsWriter.of(properties, remote, GitOpsRig.CLOCK)) {
                writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "1")));
                Path filler = mount.resolve("filler");
                try (var out = Files.newOutputStream(filler)) {
                    byte[] block = new byte[64 * 1024];
                    while (true) {
                        out.write(block); // until the disk is full
                    }
                } catch (java.io.IOException full) {
                    // no space left on device
                }
                Files.writeString(workdir.resolve("refs/remotes/origin/main.lock"), ""); // a crash left it

                assertThatThrownBy(() -> writer.commit(deploy(target("hello", "staging"), 2, files("a.yaml", "2"))))
                        .isInstanceOfSatisfying(
                                GitOpsException.class,
                                e -> assertThat(e.retryHelps()).isFalse());
                assertThat(repository.health().getStatus()).isEqualTo(Status.DOWN);

                Files.delete(filler);
                assertThat(writer.commit(deploy(target("hello", "staging"), 2, files("a.yaml", "2"))))
                        .isInstanceOf(CommitResult.Committed.class);
                assertThat(repository.health().getStatus()).isEqualTo(Status.UP);
            }
            assertThat(rig.commits()).hasSize(2);
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor();
        }
    }

    @Test
    void anUnreachableRepositoryIsAnOutageNamingWhatWasBeingDone() {
        try (GitOpsWriter writer = new GitOpsWriter(
                tmp.resolve("no-such-repo.git").toString(),
                "main",
                tmp.resolve("work"),
                new PersonIdent("pitapat", "pitapat@users.noreply.github.com"),
                GitOpsRig.CLOCK)) {
            assertThatThrownBy(() -> writer.history(target("hello", "staging"), 10))
                    .isInstanceOf(GitOpsException.class)
                    .hasMessageContaining("GitOps repository");
        }
    }

    private static void delete(Path path) throws Exception {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
