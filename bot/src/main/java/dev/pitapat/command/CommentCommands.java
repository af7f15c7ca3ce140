package dev.pitapat.command;

import dev.pitapat.deploy.DeployPipeline;
import dev.pitapat.deploy.EnvironmentDesk;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.github.Permission;
import dev.pitapat.github.PullRequest;
import dev.pitapat.github.Reaction;
import dev.pitapat.github.RepoRef;
import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The pull-request command line: parses a comment, checks through GitHub that its author may run each
 * command, runs them in order and answers with one reply. Comments by bots, edited or deleted comments,
 * comments on plain issues and repositories outside the allowlist are ignored.
 */
@Component
public class CommentCommands {

    private static final Logger log = LoggerFactory.getLogger(CommentCommands.class);
    private static final EnvName DEFAULT_ENV = new EnvName("staging");

    private final CommandParser parser = new CommandParser();
    private final java.util.concurrent.atomic.AtomicBoolean unconfiguredWarned =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final GitHubGateway github;
    private final GitHubProperties settings;
    private final Permissions permissions;
    private final EnvironmentDesk desk;
    private final DeployPipeline pipeline;

    CommentCommands(
            GitHubGateway github,
            GitHubProperties settings,
            Permissions permissions,
            EnvironmentDesk desk,
            DeployPipeline pipeline) {
        this.github = github;
        this.settings = settings;
        this.permissions = permissions;
        this.desk = desk;
        this.pipeline = pipeline;
    }

    public void handle(CommentEvent event) {
        if (!event.action().equals("created") || !event.onPullRequest() || event.authorIsBot()) {
            return;
        }
        if (!settings.appConfigured()) {
            if (unconfiguredWarned.compareAndSet(false, true)) {
                log.warn("PR comments are not answered: the GitHub App is not configured (set"
                        + " pitapat.github.app-id and pitapat.github.private-key)");
            }
            return;
        }
        RepoRef repo = RepoRef.parse(event.repo());
        if (!settings.allows(repo)) {
            log.info("Comment in {} ignored: the repository is not in pitapat.github.repo-allowlist", repo);
            return;
        }
        Caller caller = new Caller(
                event.installationId(), repo, event.number(), event.author(), Optional.of(event.commentId()));
        switch (parser.parse(event.body())) {
            case ParseResult.Ignored ignored -> {}
            case ParseResult.Reply reply -> answer(caller, reply.markdown());
            case ParseResult.Commands commands ->
                run(
                        caller,
                        commands.commands().stream().map(ParsedCommand::command).toList(),
                        commands.notRunNote());
        }
    }

    /** A check-run button: the same command, authorized the same way, answered in the pull request. */
    public void handle(ButtonPress press) {
        if (press.presserIsBot() || !settings.appConfigured()) {
            return;
        }
        RepoRef repo = RepoRef.parse(press.repo());
        if (!settings.allows(repo) || press.pullRequest().isEmpty()) {
            log.info(
                    "Button {} on {} in {} ignored: no pull request to answer in, or the repository is not allowed",
                    press.identifier(),
                    press.checkRunName(),
                    repo);
            return;
        }
        Caller caller =
                new Caller(press.installationId(), repo, press.pullRequest().get(), press.presser(), Optional.empty());
        Optional<EnvName> env = press.checkRunName().startsWith("deploy/")
                ? EnvName.parse(press.checkRunName().substring("deploy/".length()))
                        .toOptional()
                : Optional.empty();
        if (env.isEmpty()) {
            log.info(
                    "Button {} on check run {} in {} ignored: not a deploy check run",
                    press.identifier(),
                    press.checkRunName(),
                    repo);
            return;
        }
        Optional<Command> command = switch (press.identifier()) {
            case "promote" -> Optional.of(new Command.Promote(env));
            case "rollback" -> Optional.of(new Command.Rollback(env, Optional.empty()));
            case "abort" -> Optional.of(new Command.Abort(env));
            default -> Optional.empty();
        };
        if (command.isEmpty()) {
            answer(
                    caller,
                    "The button " + Markdown.code(press.identifier()) + " is not one pitapat knows"
                            + " (promote, rollback, abort); nothing was run.");
            return;
        }
        run(caller, List.of(command.get()), Optional.empty());
    }

    /** Who asked, where: the pull request the answer goes to and, for a comment, the comment to react to. */
    private record Caller(long installationId, RepoRef repo, int number, String login, Optional<Long> commentId) {}

    private void run(Caller caller, List<Command> commands, Optional<String> notRunNote) {
        RepoRef repo = caller.repo();
        Permission permission;
        PullRequest pr;
        try {
            permission = permissions.of(caller.installationId(), repo, caller.login());
            pr = github.pullRequest(caller.installationId(), repo, caller.number());
        } catch (GitHubException e) {
            log.warn("Could not check the commands of {} in {}: {}", caller.login(), repo, e.getMessage());
            answer(
                    caller,
                    "Nothing was run: GitHub could not tell whether you may run commands here (it answered "
                            + e.status().stream()
                                    .mapToObj(Integer::toString)
                                    .findFirst()
                                    .orElse("nothing")
                            + "). pitapat refuses rather than guess; try again in a minute.");
            return;
        }
        Optional<AppName> app = appOf(repo);
        List<String> lines = new ArrayList<>();
        boolean accepted = false;
        for (Command command : commands) {
            Permission needed = required(command, pr);
            String shown = Markdown.code(echo(command));
            if (!permission.atLeast(needed)) {
                lines.add("- " + shown + ": refused. It needs `" + needed.roleName() + "` permission on this"
                        + " repository" + (needed != Permission.WRITE ? " (this pull request comes from a fork)" : "")
                        + "; you have `" + permission.roleName() + "`. Ask a maintainer to run it.");
                continue;
            }
            accepted = true;
            lines.add("- " + shown + ": " + execute(command, caller, pr, app));
        }
        if (accepted && caller.commentId().isPresent()) {
            try {
                github.react(caller.installationId(), repo, caller.commentId().get(), Reaction.EYES);
            } catch (GitHubException e) {
                log.warn(
                        "Could not react to comment {} in {}: {}",
                        caller.commentId().get(),
                        repo,
                        e.getMessage());
            }
        }
        StringBuilder reply = new StringBuilder();
        if (caller.commentId().isEmpty()) {
            reply.append("@").append(caller.login()).append(" pressed a button:\n");
        }
        reply.append(String.join("\n", lines));
        notRunNote.ifPresent(note -> reply.append("\n\n").append(note));
        answer(caller, reply.toString());
    }

    private String execute(Command command, Caller caller, PullRequest pr, Optional<AppName> app) {
        RepoRef repo = caller.repo();
        if (command instanceof Command.Help) {
            return "\n\n" + CommandTable.helpText();
        }
        if (app.isEmpty()) {
            return "not run: the repository name `" + repo.name().toLowerCase(Locale.ROOT) + "` is not a valid app"
                    + " name. " + AppName.RULE + ". Set `app:` in `.github/pitapat.yml`.";
        }
        return switch (command) {
            case Command.Help help -> CommandTable.helpText();
            case Command.Lock lock ->
                target(app.get(), Optional.of(lock.env()))
                        .map(t -> lock(t, caller.login(), lock.reason()))
                        .orElseGet(() -> tooLong(app.get(), lock.env()));
            case Command.Unlock unlock ->
                target(app.get(), Optional.of(unlock.env()))
                        .map(t -> desk.unlock(t)
                                .map(f -> "unlocked `" + t.env() + "` (it was locked by @" + f.by() + ").")
                                .orElse("`" + t.env() + "` was not locked; nothing to do."))
                        .orElseGet(() -> tooLong(app.get(), unlock.env()));
            case Command.Status status ->
                target(app.get(), status.env())
                        .map(this::status)
                        .orElseGet(() -> tooLong(app.get(), status.env().orElse(DEFAULT_ENV)));
            case Command.History history ->
                "no deployments are recorded for `" + history.env().orElse(DEFAULT_ENV)
                        + "` yet: deploying is not available in this version.";
            case Command.Deploy deploy -> deploy(deploy, app.get(), caller, pr);
            case Command.Rollback rollback ->
                submit(DeployPipeline.Kind.ROLLBACK, app.get(), rollback.env(), caller, Optional.empty());
            case Command.Promote promote ->
                submit(DeployPipeline.Kind.PROMOTE, app.get(), promote.env(), caller, Optional.empty());
            case Command.Abort abort ->
                submit(DeployPipeline.Kind.ABORT, app.get(), abort.env(), caller, Optional.empty());
        };
    }

    /**
     * A deploy is pinned to the head the pull request had when the command was authorized, or to
     * {@code --sha}, which must be one of the pull request's commits: a push after the command is not what
     * gets deployed.
     */
    private String deploy(Command.Deploy deploy, AppName app, Caller caller, PullRequest pr) {
        if (deploy.sha().isEmpty()) {
            return submit(DeployPipeline.Kind.DEPLOY, app, deploy.env(), caller, Optional.of(pr.headSha()));
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
                    + ". `--sha` takes one of its commits;"
                    + " without it the head " + Markdown.code(pr.headSha().substring(0, 7)) + " is deployed.";
        }
        return submit(DeployPipeline.Kind.DEPLOY, app, deploy.env(), caller, Optional.of(matching.get(0)));
    }

    private String submit(
            DeployPipeline.Kind kind, AppName app, Optional<EnvName> env, Caller caller, Optional<String> sha) {
        Optional<Target> target = target(app, env);
        if (target.isEmpty()) {
            return tooLong(app, env.orElse(DEFAULT_ENV));
        }
        if (kind == DeployPipeline.Kind.DEPLOY || kind == DeployPipeline.Kind.ROLLBACK) {
            Optional<EnvironmentDesk.Freeze> freeze = desk.freezeOf(target.get());
            if (freeze.isPresent()) {
                return "refused: `" + target.get().env() + "` is locked by @"
                        + freeze.get().by() + " since "
                        + freeze.get().at()
                        + freeze.get()
                                .reason()
                                .map(r -> " (" + Markdown.code(r) + ")")
                                .orElse("")
                        + ". Ask @" + freeze.get().by() + " to comment `/unlock "
                        + target.get().env() + "`.";
            }
        }
        return pipeline.submit(
                new DeployPipeline.Request(kind, target.get(), caller.repo().fullName(), caller.login(), sha));
    }

    private String lock(Target target, String author, Optional<String> reason) {
        return switch (desk.lock(target, author, reason)) {
            case EnvironmentDesk.LockResult.Locked locked ->
                "locked `" + target.env()
                        + "`: `/deploy` and `/rollback` to it are refused until someone with write permission"
                        + " comments `/unlock " + target.env() + "`.";
            case EnvironmentDesk.LockResult.AlreadyLockedByYou mine ->
                "`" + target.env() + "` was already locked by you"
                        + mine.freeze()
                                .reason()
                                .map(r -> " (" + Markdown.code(r) + ")")
                                .orElse("") + ".";
            case EnvironmentDesk.LockResult.HeldByOther other ->
                "not changed: `" + target.env() + "` is locked by @"
                        + other.freeze().by() + " since " + other.freeze().at()
                        + other.freeze()
                                .reason()
                                .map(r -> " (" + Markdown.code(r) + ")")
                                .orElse("") + ".";
        };
    }

    private String status(Target target) {
        EnvironmentDesk.State state = desk.state(target);
        List<String> parts = new ArrayList<>();
        parts.add(state.freeze()
                .map(f -> "locked by @" + f.by() + " since " + f.at()
                        + f.reason().map(r -> " (" + Markdown.code(r) + ")").orElse(""))
                .orElse("not locked"));
        state.pinnedTo().ifPresent(rev -> parts.add("pinned by a rollback to " + Markdown.code(rev)));
        parts.add(state.deploying() ? "a deploy is in progress" : "no deploy in progress");
        return "`" + target.env() + "`: " + String.join("; ", parts) + ".";
    }

    private static Optional<Target> target(AppName app, Optional<EnvName> env) {
        return Target.of(app, env.orElse(DEFAULT_ENV)).toOptional();
    }

    private static String tooLong(AppName app, EnvName env) {
        return "not run: `" + app + "-" + env + "` is longer than 63 characters. " + Target.RULE + ".";
    }

    private static Optional<AppName> appOf(RepoRef repo) {
        return AppName.parse(repo.name().toLowerCase(Locale.ROOT)).toOptional();
    }

    private static Permission required(Command command, PullRequest pr) {
        return command instanceof Command.Deploy && pr.fromFork() ? Permission.MAINTAIN : Permission.WRITE;
    }

    private static String echo(Command command) {
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

    private void answer(Caller caller, String markdown) {
        github.createComment(caller.installationId(), caller.repo(), caller.number(), markdown);
    }
}
