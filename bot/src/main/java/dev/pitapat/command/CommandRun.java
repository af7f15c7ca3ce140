package dev.pitapat.command;

import dev.pitapat.config.Environment;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.deploy.DeployPipeline;
import dev.pitapat.deploy.EnvironmentDesk;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.PullRequest;
import dev.pitapat.model.Checked;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Markdown;
import dev.pitapat.model.Permission;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Target;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One comment's (or button's) commands, run in order for one caller: each is authorized against the
 * environment it names, then run; each gives one line of the reply.
 */
final class CommandRun {

    /** Who asked, where: the pull request the answer goes to and, for a comment, the comment to react to. */
    record Caller(
            String deliveryId,
            long installationId,
            RepoRef repo,
            String defaultBranch,
            int number,
            String login,
            Optional<Long> commentId) {}

    private final Caller caller;
    private final PullRequest pr;
    private final RepoConfig config;
    private final Permission permission;
    private final GitHubGateway github;
    private final EnvironmentDesk desk;
    private final DeployPipeline pipeline;
    private final Permissions permissions;
    private boolean accepted;
    private int position;

    CommandRun(
            Caller caller,
            PullRequest pr,
            RepoConfig config,
            Permission permission,
            GitHubGateway github,
            EnvironmentDesk desk,
            DeployPipeline pipeline,
            Permissions permissions) {
        this.permissions = permissions;
        this.caller = caller;
        this.pr = pr;
        this.config = config;
        this.permission = permission;
        this.github = github;
        this.desk = desk;
        this.pipeline = pipeline;
    }

    /** Whether at least one command passed authorization (and so the comment gets its 👀). */
    boolean accepted() {
        return accepted;
    }

    /** The reply line for one command. */
    String line(Command command) {
        position++;
        String shown = Markdown.code(echo(command));
        if (command instanceof Command.Help) {
            accepted |= permission.atLeast(Permission.WRITE);
            return "- " + shown + ":\n\n" + CommandTable.helpText() + "\n\n" + environmentsText();
        }
        EnvName env = envOf(command);
        Environment settings = config.environments().get(env);
        if (settings == null && !env.equals(previewEnv())) {
            return "- " + shown + ": not run: " + Markdown.code(env.value()) + " is not an environment of this"
                    + " repository. " + environmentsText();
        }
        Checked<Target> target = Target.of(config.app(), env);
        if (target instanceof Checked.Invalid<Target> invalid) {
            return "- " + shown + ": not run: " + invalid.problem() + ". " + invalid.rule() + ".";
        }
        Permission needed = needed(command, settings);
        if (!permission.atLeast(needed)) {
            return "- " + shown + ": refused. It needs `" + needed.roleName() + "` permission on this repository"
                    + (command instanceof Command.Deploy && pr.fromFork()
                            ? " (this pull request comes from a fork)"
                            : "")
                    + "; you have `" + permission.roleName() + "`. Ask someone with `" + needed.roleName()
                    + "` to run it.";
        }
        accepted = true;
        return "- " + shown + ": " + run(command, target.orElseThrow(), new Waiter(shown, needed));
    }

    /**
     * The commenter while their command waits for a busy environment: told its place in a comment of its
     * own, and checked again with GitHub when its turn comes.
     */
    private final class Waiter implements DeployPipeline.Requester {

        private final String shown;
        private final Permission needed;

        Waiter(String shown, Permission needed) {
            this.shown = shown;
            this.needed = needed;
        }

        @Override
        public void waiting(int place, String behind) {
            github.createComment(
                    caller.installationId(),
                    caller.repo(),
                    caller.number(),
                    "@" + caller.login() + " " + shown + " waits for its turn: it is number " + place
                            + " in line behind " + behind + ". pitapat runs it when those before it are done and"
                            + " answers here.");
        }

        @Override
        public Optional<String> refusalAtTurn() {
            Permission now;
            try {
                now = permissions.fresh(caller.installationId(), caller.repo(), caller.login());
            } catch (GitHubException e) {
                return Optional.of("not run: when its turn came, GitHub could not confirm that @" + caller.login()
                        + " may still run it here; pitapat refuses rather than guess, and nothing was changed."
                        + " Try again in a minute.");
            }
            if (now.atLeast(needed)) {
                return Optional.empty();
            }
            return Optional.of("refused: when its turn came, @" + caller.login() + " no longer had `"
                    + needed.roleName() + "` permission on this repository (now `" + now.roleName()
                    + "`), so nothing was changed. Ask someone with `" + needed.roleName() + "` to run it.");
        }
    }

    private String run(Command command, Target target, Waiter waiter) {
        return switch (command) {
            case Command.Help help -> CommandTable.helpText();
            case Command.Lock lock -> Replies.lock(desk.lock(target, caller.login(), lock.reason()), target);
            case Command.Unlock unlock ->
                desk.unlock(target)
                        .map(f -> "unlocked `" + target.env() + "` (it was locked by @" + f.by() + ").")
                        .orElse("`" + target.env() + "` was not locked; nothing to do.");
            case Command.Status status -> Replies.status(desk.state(target), target);
            case Command.History history -> pipeline.history(target, 10);
            case Command.Deploy deploy -> deploy(deploy, target, waiter);
            case Command.Rollback rollback ->
                submit(
                        DeployPipeline.Kind.ROLLBACK,
                        target,
                        Optional.empty(),
                        rollback.to().map(r -> r.text()),
                        false,
                        waiter);
            case Command.Promote promote ->
                submit(DeployPipeline.Kind.PROMOTE, target, Optional.empty(), Optional.empty(), false, waiter);
            case Command.Abort abort ->
                submit(DeployPipeline.Kind.ABORT, target, Optional.empty(), Optional.empty(), false, waiter);
        };
    }

    /**
     * A deploy is pinned to the head the pull request had when the command was authorized, or to
     * {@code --sha}, which must be one of the pull request's commits: a push after the command is not what
     * gets deployed.
     */
    private String deploy(Command.Deploy deploy, Target target, Waiter waiter) {
        if (deploy.sha().isEmpty()) {
            return submit(
                    DeployPipeline.Kind.DEPLOY,
                    target,
                    Optional.of(pr.headSha()),
                    Optional.<String>empty(),
                    deploy.dryRun(),
                    waiter);
        }
        String wanted = deploy.sha().get().value();
        List<String> commits;
        try {
            commits = github.pullRequestCommits(caller.installationId(), caller.repo(), caller.number());
        } catch (GitHubException e) {
            return "not run: GitHub could not list this pull request's commits, so `--sha` could not be checked.";
        }
        List<String> matching =
                commits.stream().filter(sha -> sha.startsWith(wanted)).toList();
        if (matching.size() != 1) {
            return "refused: " + Markdown.code(wanted)
                    + (matching.isEmpty()
                            ? " is not a commit of this pull request"
                            : " matches more than one commit of this pull request")
                    + ". `--sha` takes one of its commits; without it the head "
                    + Markdown.code(pr.headSha().substring(0, 7)) + " is deployed.";
        }
        return submit(
                DeployPipeline.Kind.DEPLOY,
                target,
                Optional.of(matching.get(0)),
                Optional.<String>empty(),
                deploy.dryRun(),
                waiter);
    }

    private String submit(
            DeployPipeline.Kind kind,
            Target target,
            Optional<String> sha,
            Optional<String> revision,
            boolean dryRun,
            Waiter waiter) {
        if (!dryRun && (kind == DeployPipeline.Kind.DEPLOY || kind == DeployPipeline.Kind.ROLLBACK)) {
            Optional<EnvironmentDesk.Freeze> freeze = desk.freezeOf(target);
            if (freeze.isPresent()) {
                return freeze.get().refusal(target);
            }
        }
        return pipeline.submit(
                        new DeployPipeline.Request(
                                kind,
                                DeployPipeline.Origin.COMMAND,
                                target,
                                caller.installationId(),
                                caller.repo().fullName(),
                                caller.defaultBranch(),
                                caller.login(),
                                Optional.of(caller.number()),
                                sha,
                                revision,
                                dryRun,
                                DeploymentId.derived(caller.deliveryId(), Integer.toString(position))),
                        waiter)
                .markdown();
    }

    /** The environment's required permission; a fork's pull request is deployed only by maintain or admin. */
    private Permission needed(Command command, Environment settings) {
        Permission needed = settings == null ? Permission.WRITE : settings.requiredPermission();
        if (command instanceof Command.Deploy && pr.fromFork() && !needed.atLeast(Permission.MAINTAIN)) {
            return Permission.MAINTAIN;
        }
        return needed;
    }

    /** The environment a command names, or by default this pull request's preview (or the first environment). */
    private EnvName envOf(Command command) {
        Optional<EnvName> named = switch (command) {
            case Command.Deploy d -> d.env();
            case Command.Rollback r -> r.env();
            case Command.Promote p -> p.env();
            case Command.Abort a -> a.env();
            case Command.Status s -> s.env();
            case Command.History h -> h.env();
            case Command.Lock l -> Optional.of(l.env());
            case Command.Unlock u -> Optional.of(u.env());
            case Command.Help h -> Optional.empty();
        };
        return named.orElseGet(() ->
                config.previews() ? previewEnv() : config.environmentNames().get(0));
    }

    private EnvName previewEnv() {
        return new EnvName("pr-" + caller.number());
    }

    private String environmentsText() {
        String list = config.environments().entrySet().stream()
                .map(e -> "`" + e.getKey() + "`"
                        + (e.getValue().requiredPermission() == dev.pitapat.model.Permission.WRITE
                                ? ""
                                : " (needs `"
                                        + e.getValue()
                                                .requiredPermission()
                                                .name()
                                                .toLowerCase(java.util.Locale.ROOT) + "`)"))
                .collect(Collectors.joining(", "));
        return "Environments of `" + config.app() + "`: " + list
                + (config.previews() ? "; this pull request's preview is `" + previewEnv() + "`." : ".");
    }

    static String echo(Command command) {
        return switch (command) {
            case Command.Deploy d -> "/deploy" + d.env().map(e -> " " + e).orElse("");
            case Command.Rollback r -> "/rollback" + r.env().map(e -> " " + e).orElse("");
            case Command.Promote p -> "/promote" + p.env().map(e -> " " + e).orElse("");
            case Command.Abort a -> "/abort" + a.env().map(e -> " " + e).orElse("");
            case Command.Status s -> "/status" + s.env().map(e -> " " + e).orElse("");
            case Command.History h -> "/history" + h.env().map(e -> " " + e).orElse("");
            case Command.Lock l -> "/lock " + l.env();
            case Command.Unlock u -> "/unlock " + u.env();
            case Command.Help h -> "/help";
        };
    }
}
