package dev.pitapat.command;

import dev.pitapat.config.Environment;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.deploy.DeployPipeline;
import dev.pitapat.deploy.DeployRequest;
import dev.pitapat.deploy.EnvironmentDesk;
import dev.pitapat.deploy.Words;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.PullRequest;
import dev.pitapat.github.Reaction;
import dev.pitapat.model.Checked;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Markdown;
import dev.pitapat.model.Permission;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One comment's (or button's) commands, run in order for one caller: each is authorized against the
 * environment it names, then run; each gives one line of the reply.
 */
final class CommandRun {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommandRun.class);

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
    private final DeployRequest.PolicyRead policy;
    private final Permission permission;
    private final GitHubGateway github;
    private final EnvironmentDesk desk;
    private final DeployPipeline pipeline;
    private boolean accepted;
    private int position;

    CommandRun(
            Caller caller,
            PullRequest pr,
            RepoConfig config,
            DeployRequest.PolicyRead policy,
            Permission permission,
            GitHubGateway github,
            EnvironmentDesk desk,
            DeployPipeline pipeline) {
        this.caller = caller;
        this.pr = pr;
        this.config = config;
        this.policy = policy;
        this.permission = permission;
        this.github = github;
        this.desk = desk;
        this.pipeline = pipeline;
    }

    /** The first accepted command reacts 👀 on the comment, before anything runs or reports. */
    private void accept() {
        if (accepted) {
            return;
        }
        accepted = true;
        caller.commentId().ifPresent(comment -> {
            try {
                github.react(caller.installationId(), caller.repo(), comment, Reaction.EYES);
            } catch (GitHubException e) {
                log.warn("Could not react to comment {} in {}: {}", comment, caller.repo(), e.getMessage());
            }
        });
    }

    /** The reply line for one command; empty when its answer is the environment's sticky comment. */
    Optional<String> line(Command command) {
        position++;
        String shown = Markdown.code(echo(command));
        if (command instanceof Command.Help) {
            if (permission.atLeast(Permission.WRITE)) {
                accept();
            }
            return Optional.of("- " + shown + ":\n\n" + CommandTable.helpText() + "\n\n" + environmentsText());
        }
        EnvName env = envOf(command);
        Environment settings = config.environments().get(env);
        if (settings == null && !env.equals(previewEnv())) {
            return Optional.of("- " + shown + ": not run: " + Markdown.code(env.value())
                    + " is not an environment of this repository. " + environmentsText());
        }
        Checked<Target> target = Target.of(config.app(), env);
        if (target instanceof Checked.Invalid<Target> invalid) {
            return Optional.of("- " + shown + ": not run: " + invalid.problem() + ". " + invalid.rule() + ".");
        }
        Permission needed = needed(command, settings);
        if (!permission.atLeast(needed)) {
            return Optional.of("- " + shown + ": refused. It needs `" + needed.roleName()
                    + "` permission on this repository"
                    + (command instanceof Command.Deploy && pr.fromFork()
                            ? " (this pull request comes from a fork)"
                            : "")
                    + "; you have `" + permission.roleName() + "`. Ask someone with `" + needed.roleName()
                    + "` to run it.");
        }
        accept();
        return run(command, target.orElseThrow(), needed).map(answer -> "- " + shown + ": " + answer);
    }

    private Optional<String> run(Command command, Target target, Permission needed) {
        return switch (command) {
            case Command.Help help -> Optional.of(CommandTable.helpText());
            case Command.Lock lock ->
                Optional.of(Replies.lock(desk.lock(target, caller.login(), lock.reason()), target));
            case Command.Unlock unlock ->
                Optional.of(desk.unlock(target)
                        .map(f -> "unlocked `" + target.env() + "` (it was locked by @" + f.by() + ").")
                        .orElse("`" + target.env() + "` was not locked; nothing to do."));
            case Command.Status status -> Optional.of(Replies.status(desk.state(target), target));
            case Command.History history -> Optional.of(desk.history(target, 10));
            case Command.Deploy deploy -> deploy(deploy, target, needed);
            case Command.Rollback rollback ->
                submit(new DeployRequest.Rollback(ask(target, needed), rollback.to()), false);
            case Command.Promote promote -> submit(new DeployRequest.Promote(ask(target, needed)), false);
            case Command.Abort abort -> submit(new DeployRequest.Abort(ask(target, needed)), false);
        };
    }

    /**
     * A deploy is pinned to the head the pull request had when the command was authorized, or to
     * {@code --sha}, which must be one of the pull request's commits: a push after the command is not what
     * gets deployed.
     */
    private Optional<String> deploy(Command.Deploy deploy, Target target, Permission needed) {
        if (deploy.sha().isEmpty()) {
            return submit(
                    new DeployRequest.Deploy(
                            ask(target, needed), new Sha(pr.headSha()), deploy.dryRun(), Optional.of(policy)),
                    deploy.dryRun());
        }
        String wanted = deploy.sha().get().value();
        List<String> commits;
        try {
            commits = github.pullRequestCommits(caller.installationId(), caller.repo(), caller.number());
        } catch (GitHubException e) {
            return Optional.of(
                    "not run: GitHub could not list this pull request's commits, so `--sha` could not be checked.");
        }
        List<String> matching =
                commits.stream().filter(sha -> sha.startsWith(wanted)).toList();
        if (matching.size() != 1) {
            return Optional.of("refused: " + Markdown.code(wanted)
                    + (matching.isEmpty()
                            ? " is not a commit of this pull request"
                            : " matches more than one commit of this pull request")
                    + ". `--sha` takes one of its commits; without it the head "
                    + Markdown.code(new Sha(pr.headSha()).abbreviated()) + " is deployed.");
        }
        return submit(
                new DeployRequest.Deploy(
                        ask(target, needed), new Sha(matching.get(0)), deploy.dryRun(), Optional.of(policy)),
                deploy.dryRun());
    }

    private DeployRequest.Ask ask(Target target, Permission needed) {
        return new DeployRequest.Ask(
                DeploymentId.derived(caller.deliveryId(), Integer.toString(position)),
                target,
                caller.repo(),
                caller.installationId(),
                caller.defaultBranch(),
                new DeployRequest.Origin.Command(caller.number(), caller.login(), needed, caller.commentId()),
                config.environments()
                        .getOrDefault(target.env(), Environment.DEFAULT)
                        .isProduction(target.env()));
    }

    /**
     * Hands the request to the pipeline. A freeze refuses it here already (it is checked again at its turn);
     * an accepted deploy answers in the environment's sticky comment, not in a reply.
     */
    private Optional<String> submit(DeployRequest request, boolean dryRun) {
        Target target = request.ask().target();
        if (!dryRun
                && (request instanceof DeployRequest.Deploy
                        || request instanceof DeployRequest.Rollback
                        || request instanceof DeployRequest.Promote)) {
            Optional<EnvironmentDesk.Freeze> freeze = desk.freezeOf(target);
            if (freeze.isPresent()) {
                return Optional.of(freeze.get().refusal(target));
            }
        }
        return switch (pipeline.accept(request)) {
            case DeployPipeline.Accepted.Queued queued -> Optional.empty();
            case DeployPipeline.Accepted.Again again -> Optional.empty();
            case DeployPipeline.Accepted.Answered answered ->
                Optional.of(Words.outcome(answered.outcome(), target, Optional.empty()));
        };
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
