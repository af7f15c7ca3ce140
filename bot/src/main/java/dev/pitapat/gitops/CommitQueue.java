package dev.pitapat.gitops;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Changes waiting for the branch, committed in groups. The branch takes one push at a time, and a push to a
 * remote repository costs its round trips whatever it carries; so the waiting thread that finds the branch free
 * leads: it takes every change waiting then (its own among them), has the {@link GroupWriter} commit them in one
 * push, and hands each its answer. The others wait for theirs; changes that arrive meanwhile form the next group,
 * led by one of their own threads. Nothing runs on a thread of its own.
 */
final class CommitQueue {

    /** Commits one group and answers each of its changes; every change it leaves unanswered fails. */
    interface GroupWriter {
        void write(List<Waiting> group);
    }

    /** One change waiting for its answer. */
    static final class Waiting {
        private final Change change;
        private final BooleanSupplier stillHeld;
        private volatile @Nullable CommitResult result;
        private volatile @Nullable RuntimeException failure;

        Waiting(Change change, BooleanSupplier stillHeld) {
            this.change = change;
            this.stillHeld = stillHeld;
        }

        Change change() {
            return change;
        }

        /**
         * Whether the caller still may write its environment, asked right before each attempt; a caller whose
         * hold lapsed is answered {@link CommitResult.NotHeld}, one whose check failed gets that failure.
         */
        boolean stillHeld() {
            try {
                if (stillHeld.getAsBoolean()) {
                    return true;
                }
                answer(new CommitResult.NotHeld());
            } catch (RuntimeException e) {
                fail(e);
            }
            return false;
        }

        void answer(CommitResult result) {
            this.result = result;
        }

        void fail(RuntimeException failure) {
            this.failure = failure;
        }

        boolean answered() {
            return result != null || failure != null;
        }

        private CommitResult result() {
            RuntimeException failed = failure;
            if (failed != null) {
                throw failed;
            }
            return Optional.ofNullable(result).orElseThrow();
        }
    }

    private final GroupWriter writer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition groupDone = lock.newCondition();
    private final List<Waiting> waiting = new ArrayList<>(); // guarded by lock
    private boolean writing; // guarded by lock: a group is being committed

    CommitQueue(GroupWriter writer) {
        this.writer = writer;
    }

    /** Waits until {@code change} is committed, in a group with whatever else is waiting, and answers it. */
    CommitResult commit(Change change, BooleanSupplier stillHeld) {
        Waiting own = new Waiting(change, stillHeld);
        List<Waiting> group;
        lock.lock();
        try {
            waiting.add(own);
            while (writing && !own.answered()) {
                groupDone.awaitUninterruptibly(); // a group is being pushed; it may hold this change too
            }
            if (own.answered()) {
                return own.result();
            }
            writing = true;
            group = List.copyOf(waiting);
            waiting.clear();
        } finally {
            lock.unlock();
        }
        lead(group);
        return own.result();
    }

    /** How many changes wait for a group that has not started yet. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    private void lead(List<Waiting> group) {
        try {
            writer.write(group);
            failUnanswered(group, () -> new IllegalStateException("the group's commit gave no answer"));
        } catch (RuntimeException e) {
            failUnanswered(group, () -> e);
        } catch (Error e) {
            failUnanswered(
                    group, () -> new GitOpsException("committing " + GroupCommit.what(group) + " stopped: " + e, e));
            throw e;
        } finally {
            lock.lock();
            try {
                writing = false;
                groupDone.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private static void failUnanswered(List<Waiting> group, Supplier<RuntimeException> failure) {
        for (Waiting w : group) {
            if (!w.answered()) {
                w.fail(failure.get());
            }
        }
    }
}
