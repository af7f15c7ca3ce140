package dev.pitapat.command;

import dev.pitapat.model.EnvName;
import dev.pitapat.model.Revision;
import dev.pitapat.model.Sha;
import java.util.Optional;

/**
 * One ChatOps command, as read from a line of a pull-request comment. Handle it with a {@code switch}
 * without {@code default}, so that a new command does not compile until it is handled. An absent
 * environment means the default one (the pull request's preview environment, or the first environment).
 */
public sealed interface Command {

    /** {@code /deploy [env] [--sha <sha>] [--dry-run]}: deploy the PR head, or {@code sha}, to {@code env}. */
    record Deploy(Optional<EnvName> env, Optional<Sha> sha, boolean dryRun) implements Command {}

    /** {@code /rollback [env] [<revision>]}: restore the previous deployed revision, or {@code to}. */
    record Rollback(Optional<EnvName> env, Optional<Revision> to) implements Command {}

    /** {@code /promote [env]}: blue-green, switch traffic to the new version. */
    record Promote(Optional<EnvName> env) implements Command {}

    /** {@code /abort [env]}: blue-green, abort the rollout and keep the old version live. */
    record Abort(Optional<EnvName> env) implements Command {}

    /** {@code /status [env]}: reply with the current state. */
    record Status(Optional<EnvName> env) implements Command {}

    /** {@code /history [env]}: reply with the last deployments. */
    record History(Optional<EnvName> env) implements Command {}

    /**
     * {@code /lock <env> [reason]}: freeze deploys to {@code env}.
     *
     * @param reason free text as the commenter wrote it (checked for length and invisible characters, not
     *     escaped): quote it in Markdown only through {@link Markdown#code(String)}
     */
    record Lock(EnvName env, Optional<String> reason) implements Command {}

    /** {@code /unlock <env>}: unfreeze deploys to {@code env}. */
    record Unlock(EnvName env) implements Command {}

    /** {@code /help}: reply with the commands and the repository's environments. */
    record Help() implements Command {}
}
