package dev.pitapat.bench;

import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.RebaseResult;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * What Git write-back tools do for each deploy: a fresh clone of the GitOps repository into a temporary
 * directory, the folder's files written into the working tree, add, commit with the trailers, push; a push
 * that lost a race fetches, rebases and pushes again; the clone is deleted. It checks neither ownership nor
 * deployment ids (pitapat does both, so this is the cheaper of the two on that count).
 */
final class ClonePerDeploy implements GitOpsBenchmark.Deployer {

    private static final int MAX_ATTEMPTS = 200;

    private final String remote;
    private final Path scratch;

    ClonePerDeploy(String remote, Path scratch) {
        this.remote = remote;
        this.scratch = scratch;
    }

    @Override
    public String deploy(Target target, Map<String, byte[]> files, String repository, Sha sha, String deployment)
            throws Exception {
        Path dir = Files.createTempDirectory(scratch, "clone-");
        try (Git git = Git.cloneRepository()
                .setURI(remote)
                .setBranch("main")
                .setDirectory(dir.toFile())
                .call()) {
            StoredConfig config = git.getRepository().getConfig();
            config.setInt("gc", null, "auto", 0); // the clone is deleted in a moment: no gc after fetch or rebase
            config.setInt("gc", null, "autoPackLimit", 0);
            config.setBoolean("gc", null, "autoDetach", false);
            config.save();
            String folder = "apps/" + target.app() + "/" + target.env();
            Path path = dir.resolve(folder);
            delete(path);
            Files.createDirectories(path);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(path.resolve(file.getKey()), file.getValue());
            }
            git.add().addFilepattern(folder).call();
            git.add().setUpdate(true).addFilepattern(folder).call();
            RevCommit commit = git.commit()
                    .setMessage(GitOpsHistory.message(target, repository, sha, deployment, "alice"))
                    .setAuthor("pitapat", "pitapat@users.noreply.github.com")
                    .setCommitter("pitapat", "pitapat@users.noreply.github.com")
                    .call();
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                if (pushed(git)) {
                    return git.getRepository().resolve("HEAD").name();
                }
                git.fetch().setRemote("origin").call();
                RebaseResult rebase =
                        git.rebase().setUpstream("refs/remotes/origin/main").call();
                if (!rebase.getStatus().isSuccessful()) {
                    throw new IllegalStateException("rebasing " + commit.name() + ": " + rebase.getStatus());
                }
            }
            throw new IllegalStateException("the branch kept moving for " + MAX_ATTEMPTS + " pushes of " + target);
        } finally {
            delete(dir);
        }
    }

    private static boolean pushed(Git git) throws GitAPIException {
        Iterable<PushResult> results = git.push()
                .setRemote("origin")
                .setRefSpecs(new RefSpec("HEAD:refs/heads/main"))
                .call();
        for (PushResult result : results) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                switch (update.getStatus()) {
                    case OK -> {}
                    case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> {
                        return false;
                    }
                    case REJECTED_OTHER_REASON -> {
                        if (update.getMessage() == null || !update.getMessage().contains("lock")) {
                            throw new IllegalStateException("push refused: " + update.getMessage());
                        }
                        return false; // another push held the branch's lock
                    }
                    default -> throw new IllegalStateException("push refused: " + update.getStatus());
                }
            }
        }
        return true;
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
