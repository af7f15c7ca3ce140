package dev.pitapat.deploy;

import dev.pitapat.config.ConfigProblem;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.github.CheckRunUpdate;
import dev.pitapat.github.CheckRunUpdate.Conclusion;
import dev.pitapat.github.CheckRunUpdate.Output;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.model.Markdown;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.store.EnvironmentLocks;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check runs of a push that no deploy reports: {@code deploy/<env>} completed {@code neutral} at once for a
 * {@code deploy-on: push} environment a freeze or a rollback's pin holds back, and one failed {@code deploy} run
 * when the pushed {@code .github/pitapat.yml} is invalid. (The run of a deploy that goes ahead is its progress
 * record's, {@link CheckRunReport}.) GitHub failing to take a check run is logged and never stops a deploy.
 */
final class PushChecks {

    /** The check run that reports an invalid {@code .github/pitapat.yml} on a pushed commit. */
    static final String CONFIG_CHECK = "deploy";

    private static final Logger log = LoggerFactory.getLogger(PushChecks.class);
    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");
    /** GitHub takes at most 65,535 characters of summary; this leaves room for the closing lines. */
    private static final int MAX_SUMMARY = 60_000;

    /** What holds an environment back from push-to-deploy: its freeze, or else a rollback's pin. */
    static Optional<Outcome.Hold> holdOf(EnvironmentLocks locks, Target target) {
        return locks.lockOf(target)
                .<Outcome.Hold>map(Outcome.Hold.Locked::new)
                .or(() -> locks.pinOf(target).map(Outcome.Hold.Pinned::new));
    }

    private final GitHubGateway github;
    private final PushEvent push;
    private final RepoRef repo;

    PushChecks(GitHubGateway github, PushEvent push, RepoRef repo) {
        this.github = github;
        this.push = push;
        this.repo = repo;
    }

    /** One failed {@code deploy} run listing every problem of the pushed config: nothing was deployed. */
    void invalidConfig(List<ConfigProblem> problems) {
        StringBuilder summary = new StringBuilder("Push-to-deploy deployed nothing: `" + RepoConfigs.PATH + "` at `"
                + shortSha() + "` (pushed to " + Markdown.code(push.defaultBranch()) + " by @" + push.sender()
                + ") breaks these rules:\n\n");
        int listed = 0;
        for (ConfigProblem problem : problems) {
            String line = "- " + problem.asMarkdown() + "\n";
            if (summary.length() + line.length() > MAX_SUMMARY) {
                break;
            }
            summary.append(line);
            listed++;
        }
        if (listed < problems.size()) {
            summary.append("- … and ").append(problems.size() - listed).append(" more\n");
        }
        summary.append("\nFix the file on ")
                .append(Markdown.code(push.defaultBranch()))
                .append(" and push again; each problem names the field and the rule it breaks.");
        create(
                CONFIG_CHECK,
                CheckRunUpdate.completed(CONFIG_CHECK, push.after(), Conclusion.FAILURE)
                        .withOutput(
                                new Output(RepoConfigs.PATH + " is invalid", summary.toString(), Optional.empty())));
    }

    /** A completed {@code neutral} run: the environment is held back, and what hands it back. */
    void skipped(Target target, Outcome.Hold hold) {
        String name = nameOf(target);
        create(name, heldBack(target, hold));
    }

    private CheckRunUpdate heldBack(Target target, Outcome.Hold hold) {
        String notDeployed = "`" + shortSha() + "` (pushed to " + Markdown.code(push.defaultBranch()) + " by @"
                + push.sender() + ") was not deployed to `" + target.env() + "`: ";
        Output output = new Output(Words.heldTitle(hold), notDeployed + Words.held(hold, target), Optional.empty());
        return CheckRunUpdate.completed(nameOf(target), push.after(), Conclusion.NEUTRAL)
                .withOutput(output);
    }

    private static String nameOf(Target target) {
        return "deploy/" + target.env().value();
    }

    private String shortSha() {
        return new Sha(push.after()).abbreviated();
    }

    /** Creates the run; its id, or empty when GitHub did not take it (logged, never thrown). */
    private Optional<Long> create(String name, CheckRunUpdate update) {
        if (!FULL_SHA.matcher(push.after()).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    github.createCheckRun(push.installationId(), repo, update).id());
        } catch (GitHubException e) {
            warn(name, e);
            return Optional.empty();
        }
    }

    private void update(long id, String name, CheckRunUpdate update) {
        try {
            github.updateCheckRun(push.installationId(), repo, id, update);
        } catch (GitHubException e) {
            warn(name, e);
        }
    }

    private void warn(String name, GitHubException e) {
        log.warn(
                "Delivery {}: push to {} in {}: GitHub did not take check run {} ({}); the deploy goes on",
                push.deliveryId(),
                push.ref(),
                repo,
                name,
                e.getMessage()); // GitHubException messages carry no credentials
    }
}
