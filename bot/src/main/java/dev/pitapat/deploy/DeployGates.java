package dev.pitapat.deploy;

import dev.pitapat.config.Environment;
import dev.pitapat.config.Requirement;
import dev.pitapat.deploy.Outcome.Missing;
import dev.pitapat.deploy.Outcome.Refusal;
import dev.pitapat.github.CommitCheck;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.Review;
import dev.pitapat.gitops.Action;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.kube.Cluster;
import dev.pitapat.kube.ClusterException;
import dev.pitapat.kube.RolloutState;
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
    private final Cluster cluster;

    DeployGates(GitHubGateway github, GitOpsWriter writer, OptionalLong ownAppId, Cluster cluster) {
        this.github = github;
        this.writer = writer;
        this.ownAppId = ownAppId;
        this.cluster = cluster;
    }

    /** Why the deploy may not go ahead, if it may not. */
    Optional<Refusal> refusal(DeployRequest.Ask request, Sha sha, Environment settings) {
        Target target = request.target();
        Optional<Refusal> order = settings.after().flatMap(before -> notLiveIn(target, before, sha));
        if (order.isPresent()) {
            return order;
        }
        List<Missing> missing = new ArrayList<>();
        RepoRef repo = request.repo();
        try {
            if (settings.requires().contains(Requirement.APPROVED)) {
                missing.addAll(notApproved(request, repo, sha));
            }
            if (settings.requires().contains(Requirement.CHECKS_PASSED)) {
                notGreen(request, repo, sha).ifPresent(missing::add);
            }
        } catch (GitHubException e) {
            if (e.notBefore().isPresent()) {
                throw e; // not an answer: the turn asks again once the limit has passed
            }
            return Optional.of(new Refusal.Unknowable(
                    settings.requires(), sha, e.status().stream().boxed().findFirst()));
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(new Refusal.Unmet(settings.requires(), missing));
    }

    /**
     * {@code after:}: the environment before must run this very sha now: committed there and, when the cluster is
     * followed, healthy there (its Rollout asks for this sha, fully promoted and {@code Healthy}).
     */
    private Optional<Refusal> notLiveIn(Target target, EnvName before, Sha sha) {
        Target earlier = new Target(target.app(), before);
        Optional<Sha> runs = writer.history(earlier, 1).stream()
                .findFirst()
                .filter(d -> d.action() != Action.UNDEPLOY)
                .map(d -> d.source().sha());
        if (runs.filter(sha::equals).isEmpty()) {
            return Optional.of(new Refusal.NotLiveBefore(before, sha, runs));
        }
        if (!cluster.followed()) {
            return Optional.empty();
        }
        try {
            Optional<RolloutState> rollout = cluster.rollout(earlier);
            if (rollout.filter(r -> r.runs(sha.value()) && r.healthy()).isPresent()) {
                return Optional.empty();
            }
            Refusal.RolloutThere there = rollout.map(r -> !r.runs(sha.value())
                            ? Refusal.RolloutThere.OTHER_VERSION
                            : r.awaitingPromotion()
                                    ? Refusal.RolloutThere.AWAITING_PROMOTION
                                    : Refusal.RolloutThere.NOT_HEALTHY)
                    .orElse(Refusal.RolloutThere.NONE);
            return Optional.of(new Refusal.NotHealthyBefore(
                    before, sha, there, rollout.map(RolloutState::phase).filter(p -> !p.isEmpty())));
        } catch (ClusterException e) {
            return Optional.of(
                    new Refusal.NotHealthyBefore(before, sha, Refusal.RolloutThere.NO_ANSWER, Optional.empty()));
        }
    }

    /**
     * {@code approved}: each reviewer's latest approving or change-requesting review counts; at least one
     * approval and no outstanding request for changes. A pushed commit is judged by the pull request it came
     * from. Empty when approved.
     */
    private List<Missing> notApproved(DeployRequest.Ask request, RepoRef repo, Sha sha) {
        List<Integer> prs = request.origin()
                .pullRequest()
                .map(List::of)
                .orElseGet(() -> github.pullRequestsOf(request.installationId(), repo, sha.value()));
        if (prs.isEmpty()) {
            return List.of(new Missing.NoPullRequest(sha));
        }
        List<Missing> outcomes = new ArrayList<>();
        for (int number : prs) {
            Map<String, Review> latest = new LinkedHashMap<>();
            for (Review review : github.reviews(request.installationId(), repo, number)) {
                String state = review.state().toUpperCase(Locale.ROOT);
                if (state.equals("APPROVED") || state.equals("CHANGES_REQUESTED") || state.equals("DISMISSED")) {
                    latest.put(review.reviewer().toLowerCase(Locale.ROOT), review);
                }
            }
            List<String> blocking = latest.values().stream()
                    .filter(r -> r.state().equalsIgnoreCase("CHANGES_REQUESTED"))
                    .map(Review::reviewer)
                    .toList();
            boolean approved = latest.values().stream().anyMatch(r -> r.state().equalsIgnoreCase("APPROVED"));
            if (approved && blocking.isEmpty()) {
                return List.of();
            }
            outcomes.add(
                    blocking.isEmpty()
                            ? new Missing.NoApproval(number)
                            : new Missing.ChangesRequested(number, blocking));
        }
        return outcomes;
    }

    /** {@code checks-passed}: every check of the sha, other than pitapat's own, finished green. */
    private Optional<Missing> notGreen(DeployRequest.Ask request, RepoRef repo, Sha sha) {
        List<CommitCheck> checks = github.checksOf(request.installationId(), repo, sha.value()).stream()
                .filter(check -> ownAppId.isEmpty()
                        || check.appId().isEmpty()
                        || check.appId().getAsLong() != ownAppId.getAsLong())
                .toList();
        if (checks.isEmpty()) {
            return Optional.of(new Missing.NoChecks(sha));
        }
        for (CommitCheck.Result result : List.of(CommitCheck.Result.FAILED, CommitCheck.Result.PENDING)) {
            List<CommitCheck> not =
                    checks.stream().filter(c -> c.result() == result).toList();
            if (!not.isEmpty()) {
                return Optional.of(new Missing.ChecksNotGreen(
                        sha,
                        result == CommitCheck.Result.FAILED,
                        not.stream()
                                .limit(SHOWN)
                                .map(c -> new Missing.CheckShown(
                                        c.name(), c.detail().replaceAll("[^a-z_]", "")))
                                .toList(),
                        Math.max(0, not.size() - SHOWN)));
            }
        }
        return Optional.empty();
    }
}
