package dev.pitapat.deploy;

import dev.pitapat.config.Environment;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.config.Requirement;
import dev.pitapat.deploy.Outcome.Refusal;
import dev.pitapat.github.CommitCheck;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.Review;
import dev.pitapat.gitops.Action;
import dev.pitapat.gitops.DeploymentCommit;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The default branch's policy on the way into an environment, checked when a deploy's turn comes (not when it
 * was asked for): {@code after:} (the sha must be live in that environment first) and {@code requires:}
 * ({@code approved}: an approving review and no outstanding request for changes; {@code checks-passed}: every
 * check of the sha finished green). Each refusal names what is missing and what would work.
 */
final class DeployGates {

    private static final int SHOWN = 5;

    private final GitHubGateway github;
    private final GitOpsWriter writer;
    private final OptionalLong ownAppId;

    DeployGates(GitHubGateway github, GitOpsWriter writer, OptionalLong ownAppId) {
        this.github = github;
        this.writer = writer;
        this.ownAppId = ownAppId;
    }

    /** Why the deploy may not go ahead, if it may not. */
    Optional<Refusal> refusal(DeployRequest.Ask request, Sha sha, Environment settings) {
        Target target = request.target();
        Optional<Refusal> order = settings.after().flatMap(before -> notLiveIn(target, before, sha));
        if (order.isPresent()) {
            return order;
        }
        List<String> missing = new ArrayList<>();
        RepoRef repo = request.repo();
        try {
            if (settings.requires().contains(Requirement.APPROVED)) {
                notApproved(request, repo, sha).ifPresent(missing::add);
            }
            if (settings.requires().contains(Requirement.CHECKS_PASSED)) {
                notGreen(request, repo, sha).ifPresent(missing::add);
            }
        } catch (GitHubException e) {
            return Optional.of(new Refusal(
                    "requires",
                    "`" + target.env() + "` requires " + requiresText(settings)
                            + ", and GitHub could not tell whether `"
                            + sha.abbreviated() + "` has "
                            + (settings.requires().size() == 1 ? "it" : "them")
                            + (e.status().isPresent()
                                    ? " (it answered " + e.status().getAsInt() + ")"
                                    : "")
                            + ". pitapat refuses rather than guess.",
                    "Try again in a minute."));
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(
                "requires",
                "`" + target.env() + "` requires " + requiresText(settings) + " (`requires:` in `" + RepoConfigs.PATH
                        + "` on the default branch), and " + String.join("; ", missing) + ".",
                ""));
    }

    /** {@code after:}: the environment before must run this very sha now. */
    private Optional<Refusal> notLiveIn(Target target, EnvName before, Sha sha) {
        Target earlier = new Target(target.app(), before);
        Optional<DeploymentCommit> now = writer.history(earlier, 1).stream().findFirst();
        boolean live = now.filter(d -> d.action() != Action.UNDEPLOY)
                .filter(d -> d.source().sha().equals(sha))
                .isPresent();
        if (live) {
            return Optional.empty();
        }
        String runs = now.filter(d -> d.action() != Action.UNDEPLOY)
                .map(d -> "it runs `" + d.source().sha().abbreviated() + "`")
                .orElse("nothing is deployed there");
        return Optional.of(new Refusal(
                "after",
                "`" + target.env() + "` comes after `" + before + "` (`after: " + before + "` in `" + RepoConfigs.PATH
                        + "`), and `" + sha.abbreviated() + "` is not live in `" + before + "`: " + runs + ".",
                "Deploy it there first: `/deploy " + before + "`."));
    }

    /**
     * {@code approved}: each reviewer's latest approving or change-requesting review counts; at least one
     * approval and no outstanding request for changes. A pushed commit is judged by the pull request it came
     * from.
     */
    private Optional<String> notApproved(DeployRequest.Ask request, RepoRef repo, Sha sha) {
        List<Integer> prs = request.origin()
                .pullRequest()
                .map(List::of)
                .orElseGet(() -> github.pullRequestsOf(request.installationId(), repo, sha.value()));
        if (prs.isEmpty()) {
            return Optional.of("`" + sha.abbreviated() + "` belongs to no pull request, so nobody approved"
                    + " it: deploy it from an approved pull request");
        }
        List<String> outcomes = new ArrayList<>();
        for (int number : prs) {
            Map<String, String> latest = new LinkedHashMap<>();
            for (Review review : github.reviews(request.installationId(), repo, number)) {
                String state = review.state().toUpperCase(Locale.ROOT);
                if (state.equals("APPROVED") || state.equals("CHANGES_REQUESTED") || state.equals("DISMISSED")) {
                    latest.put(review.reviewer().toLowerCase(Locale.ROOT), review.reviewer() + " " + state);
                }
            }
            List<String> blocking = latest.values().stream()
                    .filter(v -> v.endsWith(" CHANGES_REQUESTED"))
                    .map(v -> "@" + v.substring(0, v.indexOf(' ')))
                    .toList();
            boolean approved = latest.values().stream().anyMatch(v -> v.endsWith(" APPROVED"));
            if (approved && blocking.isEmpty()) {
                return Optional.empty();
            }
            outcomes.add(
                    blocking.isEmpty()
                            ? "pull request #" + number + " has no approving review yet: ask a reviewer to approve it"
                            : "pull request #" + number + " has changes requested by " + String.join(", ", blocking)
                                    + ": address them and ask for a new review");
        }
        return Optional.of(String.join("; ", outcomes));
    }

    /** {@code checks-passed}: every check of the sha, other than pitapat's own, finished green. */
    private Optional<String> notGreen(DeployRequest.Ask request, RepoRef repo, Sha sha) {
        List<CommitCheck> checks = github.checksOf(request.installationId(), repo, sha.value()).stream()
                .filter(check -> ownAppId.isEmpty()
                        || check.appId().isEmpty()
                        || check.appId().getAsLong() != ownAppId.getAsLong())
                .toList();
        String shortSha = sha.abbreviated();
        if (checks.isEmpty()) {
            return Optional.of("no check has reported on `" + shortSha + "` yet: wait for its checks to run");
        }
        List<CommitCheck> failed = checks.stream()
                .filter(c -> c.result() == CommitCheck.Result.FAILED)
                .toList();
        if (!failed.isEmpty()) {
            return Optional.of("on `" + shortSha + "` " + names(failed) + " failed: fix "
                    + (failed.size() == 1 ? "it" : "them") + " (or re-run) and deploy again");
        }
        List<CommitCheck> pending = checks.stream()
                .filter(c -> c.result() == CommitCheck.Result.PENDING)
                .toList();
        if (!pending.isEmpty()) {
            return Optional.of("on `" + shortSha + "` " + names(pending) + " has not finished: deploy again when "
                    + (pending.size() == 1 ? "it is" : "they are") + " green");
        }
        return Optional.empty();
    }

    private static String names(List<CommitCheck> checks) {
        String shown = checks.stream()
                .limit(SHOWN)
                .map(c -> dev.pitapat.model.Markdown.code(c.name()) + " ("
                        + c.detail().replaceAll("[^a-z_]", "") + ")")
                .collect(Collectors.joining(", "));
        return checks.size() > SHOWN ? shown + " and " + (checks.size() - SHOWN) + " more" : shown;
    }

    private static String requiresText(Environment settings) {
        return settings.requires().stream()
                .sorted()
                .map(r -> "`" + r.yaml() + "`")
                .collect(Collectors.joining(" and "));
    }
}
