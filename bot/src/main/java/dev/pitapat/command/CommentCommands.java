package dev.pitapat.command;

import dev.pitapat.command.CommandRun.Caller;
import dev.pitapat.config.ConfigResult;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.deploy.DeployPipeline;
import dev.pitapat.deploy.DeployRequest;
import dev.pitapat.deploy.EnvironmentDesk;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.github.PullRequest;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Markdown;
import dev.pitapat.model.Permission;
import dev.pitapat.model.RepoRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The pull-request command line: parses a comment (or takes a check-run button), asks GitHub who the
 * author is on the repository and what the default branch's {@code .github/pitapat.yml} allows, runs the
 * commands in order and answers with one reply. Comments by bots, edited or deleted comments, comments on
 * plain issues and repositories outside the allowlist are ignored. When GitHub cannot answer, nothing runs
 * (fail closed).
 */
@Component
public class CommentCommands {

    private static final Logger log = LoggerFactory.getLogger(CommentCommands.class);

    private final CommandParser parser = new CommandParser();
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
        RepoRef repo = RepoRef.parse(event.repo());
        if (!settings.allows(repo)) {
            log.info("Comment in {} ignored: the repository is not in pitapat.github.repo-allowlist", repo);
            return;
        }
        Caller caller = new Caller(
                event.deliveryId(),
                event.installationId(),
                repo,
                event.defaultBranch(),
                event.number(),
                event.author(),
                Optional.of(event.commentId()));
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
        if (press.presserIsBot()) {
            return;
        }
        RepoRef repo = RepoRef.parse(press.repo());
        Optional<EnvName> env = press.checkRunName().startsWith("deploy/")
                ? EnvName.parse(press.checkRunName().substring("deploy/".length()))
                        .toOptional()
                : Optional.empty();
        if (!settings.allows(repo) || press.pullRequest().isEmpty() || env.isEmpty()) {
            log.info(
                    "Button {} on check run {} in {} ignored: not a deploy check run of a pull request here",
                    press.identifier(),
                    press.checkRunName(),
                    repo);
            return;
        }
        Caller caller = new Caller(
                press.deliveryId(),
                press.installationId(),
                repo,
                press.defaultBranch(),
                press.pullRequest().get(),
                press.presser(),
                Optional.empty());
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

    private void run(Caller caller, List<Command> commands, Optional<String> notRunNote) {
        RepoRef repo = caller.repo();
        Permission permission;
        PullRequest pr;
        ConfigResult config;
        Optional<String> policyFile;
        try {
            permission = permissions.of(caller.installationId(), repo, caller.login());
            pr = github.pullRequest(caller.installationId(), repo, caller.number());
            policyFile = github.fileAt(caller.installationId(), repo, caller.defaultBranch(), RepoConfigs.PATH);
            config = RepoConfigs.resolve(repo.owner(), repo.name(), policyFile);
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
        if (config instanceof ConfigResult.Invalid invalid) {
            answer(caller, Replies.invalidConfig(invalid.problems(), caller.defaultBranch()));
            return;
        }
        RepoConfig valid = ((ConfigResult.Valid) config).config();
        CommandRun run = new CommandRun(
                caller,
                pr,
                valid,
                new DeployRequest.PolicyRead(caller.defaultBranch(), policyFile),
                permission,
                github,
                desk,
                pipeline);
        List<String> lines = new ArrayList<>();
        for (Command command : commands) {
            run.line(command).ifPresent(lines::add);
        }
        if (lines.isEmpty() && notRunNote.isEmpty()) {
            return; // every command was an accepted deploy: its answer is the environment's sticky comment
        }
        StringBuilder reply = new StringBuilder();
        if (caller.commentId().isEmpty()) {
            reply.append('@').append(caller.login()).append(" pressed a button:\n");
        }
        reply.append(String.join("\n", lines));
        notRunNote.ifPresent(note -> reply.append("\n\n").append(note));
        answer(caller, reply.toString());
    }

    private void answer(Caller caller, String markdown) {
        github.createComment(caller.installationId(), caller.repo(), caller.number(), markdown);
    }
}
