package dev.pitapat.gitops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's persistent clone of the GitOps repository: a bare clone (no working tree), cloned once, fetched
 * before each read or write, re-cloned once when it is missing or unreadable. Fetches are serialised by one
 * short lock; object reads, inserts and pushes run in parallel.
 */
final class WorkingClone implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkingClone.class);

    /** How a push ended. */
    sealed interface Pushed {
        record Ok() implements Pushed {}

        record NonFastForward() implements Pushed {}

        record Rejected(String status) implements Pushed {}

        /** The remote could not lock the branch (another push was updating it): worth another attempt. */
        record Busy(String status) implements Pushed {}
    }

    private final GitRemote remote;
    private final String branch;
    private final Path workdir;
    private final ReentrantLock fetchLock = new ReentrantLock();
    private volatile Optional<Repository> repository = Optional.empty();

    WorkingClone(GitRemote remote, String branch, Path workdir) {
        this.remote = remote;
        this.branch = branch;
        this.workdir = workdir;
    }

    /** The clone's repository, opened (or cloned) on first use. */
    Repository repository() {
        return repository.orElseGet(() -> {
            fetchLock.lock();
            try {
                if (repository.isEmpty()) {
                    repository = Optional.of(openOrClone());
                }
                return repository.get();
            } finally {
                fetchLock.unlock();
            }
        });
    }

    /** Fetches the branch and returns its head, empty while the branch has no commit. */
    Optional<ObjectId> fetch() {
        fetchLock.lock();
        try {
            try {
                return fetchOnce(repository());
            } catch (GitOpsAccessException e) {
                throw e; // credentials or permissions: cloning again would not help
            } catch (GitAPIException | IOException | RuntimeException e) {
                if (!remoteReachable()) {
                    throw new GitOpsException("fetching " + branch + " of the GitOps repository", e);
                }
                log.warn("The GitOps working clone {} is unreadable ({}); cloning it again", workdir, e.toString());
                repository.ifPresent(Repository::close);
                repository = Optional.empty();
                deleteWorkdir();
                repository = Optional.of(openOrClone());
                return fetchOnce(repository.get());
            }
        } catch (GitAPIException | IOException e) {
            throw new GitOpsException("fetching " + branch + " of the GitOps repository after cloning it again", e);
        } finally {
            fetchLock.unlock();
        }
    }

    /** Pushes {@code commit} to the branch, never forced, and says how every ref update ended. */
    Pushed push(ObjectId commit, String what) {
        Iterable<PushResult> results;
        try (Git git = Git.wrap(repository())) {
            results = remote.call(
                    "pushing " + what,
                    git.push()
                            .setRemote(remote.url())
                            .setRefSpecs(new RefSpec(commit.name() + ":" + Constants.R_HEADS + branch))
                            .setForce(false)
                            .setAtomic(false));
        } catch (GitAPIException e) {
            throw new GitOpsException("pushing " + what, e);
        }
        List<String> failures = new ArrayList<>();
        boolean nonFastForward = false;
        boolean busy = false;
        int updates = 0;
        for (PushResult result : results) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                updates++;
                switch (update.getStatus()) {
                    case OK, UP_TO_DATE -> {}
                    case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> nonFastForward = true;
                    default -> {
                        String message = update.getMessage();
                        // The remote could not lock the ref because another push was updating it right then.
                        busy |= update.getStatus() == RemoteRefUpdate.Status.REJECTED_OTHER_REASON
                                && message != null
                                && message.contains("failed to lock");
                        failures.add(update.getStatus()
                                + Optional.ofNullable(message)
                                        .map(m -> " (" + m + ")")
                                        .orElse(""));
                    }
                }
            }
        }
        if (updates == 0) {
            return new Pushed.Rejected("no ref update reported");
        }
        if (!failures.isEmpty()) {
            return busy && failures.size() == 1
                    ? new Pushed.Busy(failures.get(0))
                    : new Pushed.Rejected(String.join(", ", failures));
        }
        return nonFastForward ? new Pushed.NonFastForward() : new Pushed.Ok();
    }

    private Optional<ObjectId> fetchOnce(Repository repo) throws GitAPIException, IOException {
        try (Git git = Git.wrap(repo)) {
            remote.call(
                    "fetching " + branch + " of the GitOps repository",
                    git.fetch()
                            .setRemote(remote.url())
                            .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_REMOTES + "origin/*"))
                            .setRemoveDeletedRefs(true));
        }
        Ref head = repo.exactRef(Constants.R_REMOTES + "origin/" + branch);
        return Optional.ofNullable(head).map(Ref::getObjectId);
    }

    private Repository openOrClone() {
        try {
            if (Files.exists(workdir.resolve("HEAD"))) {
                try {
                    Repository repo = new FileRepositoryBuilder()
                            .setGitDir(workdir.toFile())
                            .setMustExist(true)
                            .build();
                    repo.getObjectDatabase(); // fails early on a broken layout
                    if (repo.getConfig() != null && Files.isDirectory(workdir.resolve("objects"))) {
                        pointOriginAtRemote(repo);
                        return repo;
                    }
                    repo.close();
                } catch (IOException | IllegalArgumentException e) {
                    log.warn(
                            "The GitOps working clone {} cannot be opened ({}); cloning it again",
                            workdir,
                            e.toString());
                }
            }
            deleteWorkdir();
            log.info(
                    "Cloning the GitOps repository into {}",
                    workdir.toAbsolutePath().normalize());
            try (Git git = remote.call(
                    "cloning the GitOps repository into " + workdir,
                    Git.cloneRepository().setURI(remote.url()).setBare(true).setDirectory(workdir.toFile()))) {
                return new FileRepositoryBuilder()
                        .setGitDir(workdir.toFile())
                        .setMustExist(true)
                        .build();
            }
        } catch (GitAPIException | IOException e) {
            throw new GitOpsException("cloning the GitOps repository into " + workdir, e);
        }
    }

    /**
     * The clone's {@code origin} is the configured URL, without user-info: an older clone made from a URL
     * with a password in it loses that password here.
     */
    private void pointOriginAtRemote(Repository repo) throws IOException {
        var config = repo.getConfig();
        if (!remote.url().equals(config.getString("remote", "origin", "url"))) {
            config.setString("remote", "origin", "url", remote.url());
            config.save();
        }
    }

    private boolean remoteReachable() {
        try {
            remote.call(
                    "reaching the GitOps repository",
                    Git.lsRemoteRepository()
                            .setRemote(remote.url())
                            .setHeads(true)
                            .setTimeout(10));
            return true;
        } catch (GitAPIException | RuntimeException e) {
            return false;
        }
    }

    private void deleteWorkdir() {
        if (!Files.exists(workdir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(workdir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new GitOpsException("removing the unreadable GitOps working clone " + workdir, e);
        }
    }

    @Override
    public void close() {
        repository.ifPresent(Repository::close);
    }
}
