package dev.pitapat.deploy;

import static dev.pitapat.deploy.GitOpsPipeline.shortCommit;

import dev.pitapat.deploy.DeployPipeline.Outcome;
import dev.pitapat.deploy.DeployPipeline.Request;
import dev.pitapat.deploy.DeployPipeline.Status;
import dev.pitapat.gitops.Action;
import dev.pitapat.gitops.Change;
import dev.pitapat.gitops.CommitResult;
import dev.pitapat.gitops.DeploymentCommit;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.store.EnvironmentLocks;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /rollback}: an earlier deployment's folder committed again, and the environment pinned to it. */
final class Rollbacks {

    private final GitOpsWriter writer;
    private final EnvironmentLocks locks;
    private final Clock clock;

    Rollbacks(GitOpsWriter writer, EnvironmentLocks locks, Clock clock) {
        this.writer = writer;
        this.locks = locks;
        this.clock = clock;
    }

    /**
     * A new commit whose folder equals the chosen deployment's (never a force-push), carrying that
     * deployment's source and a new deployment id; the environment stays pinned to it until {@code /deploy}
     * or {@code /unlock} there.
     */
    Outcome rollback(Request request, Target target, DeploymentId deployment) {
        List<DeploymentCommit> history = writer.history(target, 50);
        String pinned = " `" + target.env() + "` stays pinned: push-to-deploy skips it until someone comments"
                + " `/deploy " + target.env() + "` or `/unlock " + target.env() + "` there.";
        Optional<DeploymentCommit> done =
                history.stream().filter(d -> d.deployment().equals(deployment)).findFirst();
        if (done.isPresent()) { // handled before, up to the commit: the history has moved on since
            // the deployment it restored: the newest before it with the same source
            DeploymentId restored = history.stream()
                    .dropWhile(d -> !d.deployment().equals(deployment))
                    .skip(1)
                    .filter(d -> d.action() != Action.UNDEPLOY
                            && d.source().equals(done.get().source()))
                    .map(DeploymentCommit::deployment)
                    .findFirst()
                    .orElse(deployment);
            pin(request, target, restored);
            return new Outcome(
                    Status.UNCHANGED,
                    "already rolled back as GitOps commit `"
                            + shortCommit(done.get().commitSha()) + "`." + pinned,
                    Optional.of(done.get().commitSha()),
                    Optional.empty());
        }
        if (history.isEmpty()) {
            return Outcome.of(
                    Status.REFUSED,
                    "nothing to roll back: `" + target.env() + "` has no deployment in the GitOps repository.");
        }
        Optional<DeploymentCommit> chosen = request.revision()
                .map(revision -> history.stream()
                        .filter(d -> d.commitSha().startsWith(revision)
                                || d.deployment().value().equals(revision))
                        .findFirst())
                .orElseGet(() -> history.stream()
                        .skip(1)
                        .filter(d -> d.action() != Action.UNDEPLOY)
                        .findFirst());
        if (chosen.isEmpty()) {
            return Outcome.of(
                    Status.REFUSED,
                    request.revision()
                            .map(r -> "refused: `" + r.replace("`", "") + "` is not a deployment of `" + target.label()
                                    + "`; `/history " + target.env() + "` lists them.")
                            .orElse("nothing to roll back to: `" + target.env() + "` has only one deployment."));
        }
        DeploymentCommit to = chosen.get();
        Map<String, byte[]> files =
                writer.treeOf(target, new Sha(to.commitSha())).orElse(Map.of());
        if (files.isEmpty()) {
            return Outcome.of(
                    Status.REFUSED,
                    "refused: deployment `" + to.deployment().value() + "` left `" + target.env()
                            + "` empty; use `/deploy` instead.");
        }
        Change change = new Change(target, files, Action.ROLLBACK, to.source(), deployment, request.requestedBy());
        CommitResult result = writer.commit(change);
        if (result instanceof CommitResult.Refused refused) {
            return Outcome.of(Status.REFUSED, "refused: " + refused.why() + " " + refused.instead());
        }
        pin(request, target, to.deployment());
        return switch (result) {
            case CommitResult.Committed committed ->
                new Outcome(
                        Status.DONE,
                        "rolled `" + target.env() + "` back to deployment `"
                                + to.deployment().value() + "` ("
                                + to.source().shortText() + "): GitOps commit `"
                                + shortCommit(committed.commitSha()) + "`." + pinned,
                        Optional.of(committed.commitSha()),
                        Optional.empty());
            case CommitResult.AlreadyCommitted already ->
                new Outcome(
                        Status.UNCHANGED,
                        "already rolled back as GitOps commit `" + shortCommit(already.commitSha()) + "`." + pinned,
                        Optional.of(already.commitSha()),
                        Optional.empty());
            case CommitResult.Unchanged unchanged ->
                Outcome.of(
                        Status.UNCHANGED,
                        "`" + target.env() + "` already runs deployment `"
                                + to.deployment().value() + "`'s manifests; nothing to commit." + pinned);
            case CommitResult.Refused refused -> throw new IllegalStateException("handled above");
        };
    }

    /** Pins the environment at the deployment a rollback restored. */
    private void pin(Request request, Target target, DeploymentId restored) {
        locks.pin(target.app().value(), target.env().value(), request.requestedBy(), restored.value(), clock.instant());
    }
}
