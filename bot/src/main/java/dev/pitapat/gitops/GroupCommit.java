package dev.pitapat.gitops;

import dev.pitapat.model.AppName;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a group of changes in one push: each change is checked as it would be alone (deployment id already on
 * the branch, app owned by another repository, folder already as asked) and, when it is to be committed, gets a
 * commit of its own that touches only its folder, with its own trailers, on top of the group's commits before
 * it. The last commit is pushed onto the head they were built on, never forced; a push that lost the race
 * (another process moved the branch) waits a random while, then checks and builds the whole group again on the fetched head, for at most
 * {@link GitOpsWriter#RACE_PATIENCE}. Before each attempt each change's caller is asked whether it still
 * holds its environment; one that does not leaves the group. A push the remote refuses fails the whole group.
 *
 * <p>Ownership and deployment ids are judged from a {@link BranchIndex} of the log that follows the head; an
 * app first claimed by a change earlier in the group belongs to that change's repository for the changes after
 * it. The branch update itself (check, build, push) is one critical section under the branch lock, which also
 * guards the index.
 */
final class GroupCommit implements CommitQueue.GroupWriter {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final WorkingClone clone;
    private final PersonIdent identity;
    private final Clock clock;
    private final ReentrantLock branchLock = new ReentrantLock();
    private final BranchIndex index = new BranchIndex(); // guarded by branchLock
    private volatile Duration racePatience = GitOpsWriter.RACE_PATIENCE;

    /**
     * Pushes the remote may answer "busy" (another push holds the branch's lock) before the group fails: a
     * lock that outlasts a few growing waits is a stuck one, not a race.
     */
    static final int MAX_BUSY = 5;

    GroupCommit(WorkingClone clone, PersonIdent identity, Clock clock) {
        this.clone = clone;
        this.identity = identity;
        this.clock = clock;
    }

    /** What a group's push is called in messages: the one commit's name, or every commit's. */
    static String what(List<CommitQueue.Waiting> group) {
        if (group.size() == 1) {
            return whatOf(group.getFirst().change());
        }
        return group.size() + " commits in one push ("
                + group.stream().map(w -> whatOf(w.change())).collect(Collectors.joining(", ")) + ")";
    }

    private static String whatOf(Change change) {
        return change.action().word() + " commit for " + change.target();
    }

    @Override
    public void write(List<CommitQueue.Waiting> group) {
        List<CommitQueue.Waiting> pending = new ArrayList<>(group);
        List<String> busy = new ArrayList<>();
        boolean rebuiltOnce = false;
        boolean lostRace = false;
        long giveUpAt = System.nanoTime() + racePatience.toNanos();
        int attempt = 0;
        while (true) {
            if (lostRace) {
                if (System.nanoTime() - giveUpAt >= 0 || busy.size() >= MAX_BUSY) {
                    break;
                }
                waitAfterLostRace(attempt + 1);
            }
            pending.removeIf(w -> !w.stillHeld());
            if (pending.isEmpty()) {
                return;
            }
            attempt++;
            lostRace = false;
            try {
                if (attempt(pending, busy, attempt > 1)) {
                    return;
                }
                lostRace = true;
            } catch (WorkingClone.Rebuilt rebuilt) {
                if (rebuiltOnce) {
                    throw clone.stillUnwritable(rebuilt);
                }
                rebuiltOnce = true;
            }
        }
        String what = what(pending);
        if (busy.size() >= MAX_BUSY) {
            throw new GitOpsException("pushing " + what + ": the GitOps repository refused it on " + busy.size()
                    + " attempts: " + busy.getLast() + "; nothing was committed");
        }
        throw new GitOpsException("pushing " + what + ": the branch moved during each of " + attempt
                + " attempts over " + racePatience.toSeconds() + " s (non-fast-forward every time); nothing was"
                + " committed");
    }

    /** How long a group goes on trying while other writers keep winning the race to the branch. */
    void racePatience(Duration patience) {
        this.racePatience = patience;
    }

    /** A random while, so that writers that collided do not collide again ({@link GitOpsWriter#raceBackoff}). */
    private static void waitAfterLostRace(int attempt) {
        long most = GitOpsWriter.raceBackoff(attempt).toMillis();
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(most + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitOpsException("pushing was interrupted (pitapat is stopping); nothing was committed");
        }
    }

    /**
     * One check, build and push of the group on the head last seen ({@code fetch}: on the remote's head now).
     * Answers every change and returns true, or false when the branch had moved (or the remote was busy) and
     * the group must be checked and built again on its new head.
     */
    private boolean attempt(List<CommitQueue.Waiting> group, List<String> busy, boolean fetch) {
        String what = what(group);
        branchLock.lock();
        try {
            Optional<ObjectId> head = fetch ? clone.fetch() : clone.knownHead();
            follow(head, "reading the GitOps log for " + what);
            Chain chain = build(group, head);
            if (!fetch && chain.tip().isEmpty()) {
                // No push will say whether the head last seen is still the branch's head (it may have been
                // rewound since): a group with nothing to push is only answered on the remote's head. A group
                // that pushes needs no fetch: the push only lands on the head its answers were decided on.
                head = clone.fetch();
                follow(head, "reading the GitOps log for " + what);
                chain = build(group, head);
            }
            if (chain.tip().isEmpty()) {
                chain.answerAll();
                return true;
            }
            ObjectId tip = chain.tip().get();
            return switch (clone.push(tip, head, what)) {
                case WorkingClone.Pushed.Ok ok -> {
                    followPushed(tip, what);
                    chain.answerAll();
                    yield true;
                }
                case WorkingClone.Pushed.NonFastForward n -> false;
                case WorkingClone.Pushed.Busy b -> {
                    busy.add(b.status()); // another push held the branch's lock: try again
                    yield false;
                }
                case WorkingClone.Pushed.Rejected r ->
                    throw new GitOpsException(
                            "pushing " + what + ": the GitOps repository refused it: " + r.status(), null, false);
            };
        } finally {
            branchLock.unlock();
        }
    }

    /** The group's answers as decided on one head, and the last of its new commits, if it made any. */
    private record Chain(Map<CommitQueue.Waiting, CommitResult> answers, Optional<ObjectId> tip) {
        void answerAll() {
            answers.forEach(CommitQueue.Waiting::answer);
        }
    }

    /**
     * Checks each change of the group on {@code head} and, in order, builds a commit for each that changes its
     * folder on top of the one before; the objects are inserted, nothing is pushed.
     */
    private Chain build(List<CommitQueue.Waiting> group, Optional<ObjectId> head) {
        Repository repo = clone.repository();
        Map<CommitQueue.Waiting, CommitResult> answers = new HashMap<>();
        Map<AppName, String> claimed = new HashMap<>(); // apps first deployed by this group: by whom
        Optional<ObjectId> tip = head;
        try (ObjectInserter inserter = repo.newObjectInserter();
                ObjectReader reader = inserter.newReader();
                RevWalk walk = new RevWalk(reader)) {
            for (CommitQueue.Waiting waiting : group) {
                Change change = waiting.change();
                Optional<CommitResult> early = check(change, head, claimed);
                if (early.isPresent()) {
                    answers.put(waiting, early.get());
                    continue;
                }
                Optional<ObjectId> commit = commitOnto(walk, inserter, tip, change);
                if (commit.isEmpty()) {
                    answers.put(waiting, new CommitResult.Unchanged());
                    continue;
                }
                answers.put(waiting, new CommitResult.Committed(commit.get().name()));
                claimed.putIfAbsent(change.target().app(), change.source().repository());
                tip = commit;
            }
            inserter.flush();
        } catch (IOException e) {
            throw clone.rebuildAfter(e); // a lasting GitOpsException when the clone cannot be made again
        }
        return new Chain(answers, tip.equals(head) ? Optional.empty() : tip);
    }

    /** A commit on {@code parent} with the change's folder replaced, inserted; empty if nothing changes. */
    private Optional<ObjectId> commitOnto(
            RevWalk walk, ObjectInserter inserter, Optional<ObjectId> parent, Change change) throws IOException {
        Map<String, byte[]> files = change.action() == Action.UNDEPLOY ? Map.of() : change.files();
        Optional<RevCommit> parentCommit =
                parent.isPresent() ? Optional.of(walk.parseCommit(parent.get())) : Optional.empty();
        Optional<ObjectId> parentTree = parentCommit.map(p -> p.getTree().getId());
        ObjectId tree = FolderTree.replaceFolder(walk.getObjectReader(), inserter, parentTree, change.folder(), files);
        if (parentTree.map(tree::equals).orElse(files.isEmpty())) {
            return Optional.empty();
        }
        PersonIdent ident =
                new PersonIdent(identity.getName(), identity.getEmailAddress(), clock.instant(), ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        parent.ifPresent(commit::setParentId);
        commit.setAuthor(ident);
        commit.setCommitter(ident);
        commit.setMessage(change.message());
        return Optional.of(inserter.insert(commit));
    }

    /**
     * Idempotency and ownership on {@code head}, which the index describes, and on the apps the group claimed
     * before this change: the folder's log is walked only when the index holds the deployment id (a retry), to
     * confirm it and find its commit.
     */
    private Optional<CommitResult> check(Change change, Optional<ObjectId> head, Map<AppName, String> claimed) {
        Repository repo = clone.repository();
        if (head.isPresent()) {
            try {
                if (index.mayHaveCommitted(change.deployment())) {
                    Optional<String> done = BranchLog.commitOf(
                            repo,
                            head.get(),
                            change.folder(),
                            change.deployment().value());
                    if (done.isPresent()) {
                        return Optional.of(new CommitResult.AlreadyCommitted(done.get()));
                    }
                }
            } catch (IOException e) {
                throw new GitOpsException(
                        "looking for deployment " + change.deployment() + " in " + change.target(), e);
            }
        }
        AppName app = change.target().app();
        Optional<String> owner;
        try {
            owner = (head.isPresent() ? index.ownerOf(repo, app) : Optional.<String>empty())
                    .or(() -> Optional.ofNullable(claimed.get(app)));
        } catch (IOException e) {
            throw new GitOpsException("reading who owns " + app, e);
        }
        if (owner.isPresent() && !owner.get().equalsIgnoreCase(change.source().repository())) {
            return Optional.of(new CommitResult.Refused(
                    "app-owned-elsewhere",
                    "The app `" + app + "` belongs to " + owner.get() + ", which deployed it first.",
                    "Deploy from " + owner.get() + ", or choose another app name in .github/pitapat.yml."));
        }
        return Optional.empty();
    }

    /** The repository that first deployed {@code app}, as the remote's head says now. */
    Optional<String> ownerOf(AppName app) {
        branchLock.lock();
        try {
            follow(clone.fetch(), "reading who owns " + app);
            return index.ownerOf(clone.repository(), app);
        } catch (IOException e) {
            throw new GitOpsException("reading who owns " + app, e);
        } finally {
            branchLock.unlock();
        }
    }

    /** Brings the index to {@code head}; the caller holds the branch lock. */
    private void follow(Optional<ObjectId> head, String doing) {
        try {
            index.advanceTo(clone.repository(), head);
        } catch (IOException e) {
            throw new GitOpsException(doing, e);
        }
    }

    /**
     * Brings the index to the commit just pushed. The push stands whatever happens here: an index that
     * cannot read it forgets everything and reads the whole log on the next commit.
     */
    private void followPushed(ObjectId commit, String what) {
        try {
            index.advanceTo(clone.repository(), Optional.of(commit));
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "Pushed the {} as {}, but could not read it back ({}); the GitOps log is read again next time",
                    what,
                    commit.name(),
                    e.toString());
        }
    }
}
