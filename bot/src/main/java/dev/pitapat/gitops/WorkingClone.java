package dev.pitapat.gitops;

import dev.pitapat.model.SecretRedactor;
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
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's persistent clone of the GitOps repository: a bare clone (no working tree), cloned once, re-cloned
 * once when it is missing or unreadable. Its remote-tracking ref is the branch's head as last seen: set by
 * each fetch and by each push that the remote accepted. Fetches, pushes and that ref are serialised by one
 * short lock, so the ref only moves in the order the remote answered; object reads and inserts run in
 * parallel.
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
    private final String trackingRef;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Optional<Repository> repository = Optional.empty();
    private boolean fetched; // guarded by lock

    WorkingClone(GitRemote remote, String branch, Path workdir) {
        this.remote = remote;
        this.branch = branch;
        this.workdir = workdir;
        this.trackingRef = Constants.R_REMOTES + "origin/" + branch;
    }

    /** The clone's repository, opened (or cloned) on first use. */
    Repository repository() {
        return repository.orElseGet(() -> {
            lock.lock();
            try {
                if (repository.isEmpty()) {
                    repository = Optional.of(openOrCloneOrSayWhy());
                }
                return repository.get();
            } finally {
                lock.unlock();
            }
        });
    }

    /**
     * The branch's head as this process last saw it (fetched, or pushed by it), without asking the remote;
     * fetched first when this process has not fetched yet. Empty while the branch has no commit.
     */
    Optional<ObjectId> knownHead() {
        lock.lock();
        try {
            if (!fetched) {
                return fetch();
            }
            return Optional.ofNullable(repository().exactRef(trackingRef)).map(Ref::getObjectId);
        } catch (IOException e) {
            throw new GitOpsException("reading the last known head of " + branch, e);
        } finally {
            lock.unlock();
        }
    }

    /** Fetches the branch and returns its head, empty while the branch has no commit. */
    Optional<ObjectId> fetch() {
        lock.lock();
        try {
            try {
                Optional<ObjectId> head = fetchOnce(repository());
                fetched = true;
                remote.cloneUsable();
                return head;
            } catch (GitAPIException | IOException | RuntimeException e) {
                if (e instanceof GitOpsException lasting && !lasting.retryHelps()) {
                    throw lasting; // credentials, permissions, a clone that cannot be made: cloning again won't help
                }
                if (!remoteReachable()) {
                    throw new GitOpsException("fetching " + branch + " of the GitOps repository", e);
                }
                return rebuild(e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The clone was made again after a write into it failed: the write may be tried again on it. */
    static final class Rebuilt extends RuntimeException {
        Rebuilt(Exception cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    /**
     * A write into the clone failed (no space, a file it cannot write): the clone is made again, deleting the old
     * one, so the write may be tried again on it; a clone that cannot be made again is a lasting fault.
     *
     * @return the signal to try the write again
     */
    Rebuilt rebuildAfter(IOException failed) {
        lock.lock();
        try {
            rebuild(failed);
            return new Rebuilt(failed);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A write into the clone failed again after it was made again: a lasting fault (the disk is full, say), shown
     * by the health until a later fetch works.
     */
    GitOpsException stillUnwritable(Rebuilt again) {
        String problem =
                "writing into the working clone " + workdir.toAbsolutePath().normalize()
                        + " failed, also after cloning it again (" + SecretRedactor.redact(rootCause(again)) + ")";
        remote.cloneUnusable(problem);
        return new GitOpsException(problem, again.getCause(), false);
    }

    /**
     * Clones again a clone that the reachable remote could not bring up to date, and fetches; the caller holds
     * the lock. A clone that cannot be made again (no space, no permission on the directory) is a lasting
     * fault: the health says so until a later fetch works.
     */
    private Optional<ObjectId> rebuild(Exception unusable) {
        String why = SecretRedactor.redact(unusable.toString());
        log.warn("The GitOps working clone {} cannot be used ({}); cloning it again", workdir, why);
        repository.ifPresent(Repository::close);
        repository = Optional.empty();
        try {
            deleteWorkdir();
            repository = Optional.of(openOrClone());
            Optional<ObjectId> head = fetchOnce(repository.get());
            fetched = true;
            remote.cloneUsable();
            log.info(
                    "Cloned the GitOps repository again into {}",
                    workdir.toAbsolutePath().normalize());
            return head;
        } catch (GitOpsAccessException e) {
            throw e;
        } catch (GitAPIException | IOException | RuntimeException e) {
            String problem = "the working clone " + workdir.toAbsolutePath().normalize() + " cannot be used (" + why
                    + ") and cloning it again failed (" + SecretRedactor.redact(rootCause(e)) + ")";
            remote.cloneUnusable(problem);
            throw new GitOpsException(problem, e, false);
        }
    }

    /**
     * The clone, opened or made; a clone that cannot be made while the remote answers (no space, no permission on
     * the directory) is a lasting fault, shown by the health until a clone works.
     */
    private Repository openOrCloneOrSayWhy() {
        try {
            Repository repo = openOrClone();
            remote.cloneUsable();
            return repo;
        } catch (GitOpsAccessException e) {
            throw e;
        } catch (RuntimeException e) { // JGit says some local faults with unchecked exceptions
            if (!remoteReachable()) {
                throw e;
            }
            String problem = "the working clone " + workdir.toAbsolutePath().normalize() + " cannot be made ("
                    + SecretRedactor.redact(rootCause(e)) + ")";
            remote.cloneUnusable(problem);
            throw new GitOpsException(problem, e, false);
        }
    }

    /** The innermost cause's message: the disk's or the file system's own words. */
    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /**
     * Pushes {@code commit} to the branch, never forced, only if the branch's head is still {@code parent}
     * (absent: the branch must not exist yet), and says how every ref update ended. An accepted push moves the
     * remote-tracking ref to {@code commit}.
     */
    Pushed push(ObjectId commit, Optional<ObjectId> parent, String what) {
        lock.lock();
        try {
            Pushed pushed = pushOnce(commit, parent, what);
            if (pushed instanceof Pushed.Ok) {
                track(commit);
                remote.cloneUsable(); // it was written into and pushed from
            }
            return pushed;
        } finally {
            lock.unlock();
        }
    }

    private Pushed pushOnce(ObjectId commit, Optional<ObjectId> parent, String what) {
        Iterable<PushResult> results;
        String destination = Constants.R_HEADS + branch;
        try (Git git = Git.wrap(repository())) {
            results = remote.call(
                    "pushing " + what,
                    git.push()
                            .setRemote(remote.url())
                            .setRefSpecs(new RefSpec(commit.name() + ":" + destination))
                            .setRefLeaseSpecs(new RefLeaseSpec(
                                    destination,
                                    parent.orElse(ObjectId.zeroId()).name()))
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
                    case OK -> {}
                    // UP_TO_DATE: the branch already is this very commit, made by another process: look again
                    case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED, UP_TO_DATE -> nonFastForward = true;
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

    /** Moves the remote-tracking ref to a commit the remote accepted. */
    private void track(ObjectId commit) {
        try {
            RefUpdate update = repository().updateRef(trackingRef);
            update.setNewObjectId(commit);
            update.setForceUpdate(true);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW
                    && result != RefUpdate.Result.FAST_FORWARD
                    && result != RefUpdate.Result.FORCED
                    && result != RefUpdate.Result.NO_CHANGE) {
                throw new IOException("the ref update ended " + result);
            }
        } catch (IOException e) {
            // The push stands; the next write fetches instead of trusting the stale ref.
            fetched = false;
            log.warn(
                    "Could not record the pushed head {} in the GitOps working clone ({})",
                    commit.name(),
                    e.toString());
        }
    }

    private Optional<ObjectId> fetchOnce(Repository repo) throws GitAPIException, IOException {
        FetchResult fetched;
        try (Git git = Git.wrap(repo)) {
            fetched = remote.call(
                    "fetching " + branch + " of the GitOps repository",
                    git.fetch()
                            .setRemote(remote.url())
                            .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_REMOTES + "origin/*"))
                            .setRemoveDeletedRefs(true));
        }
        Optional<ObjectId> head =
                Optional.ofNullable(repo.exactRef(trackingRef)).map(Ref::getObjectId);
        Optional<ObjectId> remoteHead = Optional.ofNullable(fetched.getAdvertisedRef(Constants.R_HEADS + branch))
                .map(Ref::getObjectId);
        if (!head.equals(remoteHead)) {
            // JGit reports a ref it could not move (a stale lock file left by a crash, an unwritable file) in the
            // fetch's result, not as an error: a clone whose refs do not move would push onto an old head forever.
            throw new IOException("the clone's " + trackingRef + " stays at "
                    + head.map(ObjectId::name).orElse("nothing") + " while the branch is at "
                    + remoteHead.map(ObjectId::name).orElse("nothing")
                    + Optional.ofNullable(fetched.getTrackingRefUpdate(trackingRef))
                            .map(update -> " (updating it ended " + update.getResult() + ")")
                            .orElse(""));
        }
        if (head.isPresent() && !repo.getObjectDatabase().has(head.get())) {
            // A fetch skips a ref that already points at the remote's head, even when its objects are gone.
            throw new IOException("the clone's " + trackingRef + " points at "
                    + head.get().name() + ", which the clone does not hold");
        }
        return head;
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
                        gcInTheForeground(repo);
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
                Repository repo = new FileRepositoryBuilder()
                        .setGitDir(workdir.toFile())
                        .setMustExist(true)
                        .build();
                gcInTheForeground(repo);
                return repo;
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

    /**
     * JGit's automatic garbage collection runs in the thread that set it off, not detached in a thread of its own
     * ({@code gc.autoDetach=false}): a detached one went on writing {@code gc.log.lock} into a clone being removed
     * to be made again, and the new clone failed.
     */
    private static void gcInTheForeground(Repository repo) throws IOException {
        var config = repo.getConfig();
        if (config.getBoolean("gc", null, "autoDetach", true)) {
            config.setBoolean("gc", null, "autoDetach", false);
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
