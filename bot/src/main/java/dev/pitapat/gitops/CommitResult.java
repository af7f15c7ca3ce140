package dev.pitapat.gitops;

/** What {@link GitOpsWriter#commit(Change)} did. */
public sealed interface CommitResult {

    /** A new commit, pushed to the branch. */
    record Committed(String commitSha) implements CommitResult {}

    /** The branch already has a commit with this change's deployment id; nothing was committed again. */
    record AlreadyCommitted(String commitSha) implements CommitResult {}

    /**
     * The caller's hold on the environment lapsed before a push (its replica paused or lost the store longer than
     * the hold lasts): another writer may own the environment now, so nothing was committed.
     */
    record NotHeld() implements CommitResult {}

    /** The folder already had exactly this content; no commit was made. */
    record Unchanged() implements CommitResult {}

    /**
     * Nothing was committed because a rule forbids it.
     *
     * @param rule short name of the rule, e.g. {@code app-owned-elsewhere}
     * @param why what is wrong, for the user
     * @param instead what would work
     */
    record Refused(String rule, String why, String instead) implements CommitResult {}
}
