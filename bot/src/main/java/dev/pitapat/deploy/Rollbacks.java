package dev.pitapat.deploy;

import dev.pitapat.deploy.Outcome.Refusal;
import dev.pitapat.gitops.Action;
import dev.pitapat.gitops.Change;
import dev.pitapat.gitops.CommitResult;
import dev.pitapat.gitops.DeploymentCommit;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Revision;
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
    Outcome rollback(DeployRequest.Rollback request, GitOpsTurn.Steps steps) {
        return restore(request, request.to(), Action.ROLLBACK, steps);
    }

    /**
     * The same for {@code /abort}: the deployment before the one aborted ({@code aborted}; the environment's
     * current one when pitapat did not follow it) committed again, with {@code Pitapat-Action: abort}, and pinned.
     */
    Outcome abort(DeployRequest.Abort request, Optional<DeploymentId> aborted, GitOpsTurn.Steps steps) {
        Optional<Revision> before = aborted.flatMap(id -> {
            List<DeploymentCommit> history = writer.history(request.ask().target(), 50);
            return history.stream()
                    .dropWhile(d -> !d.deployment().equals(id))
                    .skip(1)
                    .filter(d -> d.action() != Action.UNDEPLOY)
                    .findFirst()
                    .map(d -> (Revision) new Revision.Deployment(d.deployment()));
        });
        return restore(request, before, Action.ABORT, steps);
    }

    private Outcome restore(DeployRequest request, Optional<Revision> to, Action action, GitOpsTurn.Steps steps) {
        Target target = request.ask().target();
        DeploymentId deployment = request.ask().id();
        List<DeploymentCommit> history = writer.history(target, 50);
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
            pin(request, restored);
            Sha deployed = done.get().source().sha();
            steps.deploying(deployed, true);
            steps.done(Progress.StepName.COMMITTED);
            return new Outcome.Committed(new Sha(done.get().commitSha()), deployed, Optional.of(restored), true);
        }
        if (history.isEmpty()) {
            return refused(new Refusal.NothingToRollBack(true));
        }
        Optional<DeploymentCommit> chosen = to.map(revision ->
                        history.stream().filter(d -> matches(d, revision)).findFirst())
                .orElseGet(() -> history.stream()
                        .skip(1)
                        .filter(d -> d.action() != Action.UNDEPLOY)
                        .findFirst());
        if (chosen.isEmpty()) {
            return to.map(r -> refused(new Refusal.UnknownRevision(r)))
                    .orElseGet(() -> refused(new Refusal.NothingToRollBack(false)));
        }
        DeploymentCommit restored = chosen.get();
        Map<String, byte[]> files =
                writer.treeOf(target, new Sha(restored.commitSha())).orElse(Map.of());
        if (files.isEmpty()) {
            return refused(new Refusal.EmptyDeployment(restored.deployment()));
        }
        Sha deployed = restored.source().sha();
        steps.deploying(deployed, true);
        Change change = new Change(
                target,
                files,
                action,
                chosen.get().source(),
                deployment,
                request.ask().requestedBy());
        CommitResult result = writer.commit(change, steps::stillHeld);
        if (result instanceof CommitResult.NotHeld) {
            return new Outcome.Failed(new Outcome.Failure.LeaseLapsed());
        }
        if (result instanceof CommitResult.Refused refused) {
            return refused(new Refusal.GitOpsRule(refused.rule(), refused.why(), refused.instead()));
        }
        pin(request, restored.deployment());
        return switch (result) {
            case CommitResult.Committed committed -> {
                steps.done(Progress.StepName.COMMITTED);
                yield new Outcome.Committed(
                        new Sha(committed.commitSha()), deployed, Optional.of(restored.deployment()), false);
            }
            case CommitResult.AlreadyCommitted already -> {
                steps.done(Progress.StepName.COMMITTED);
                yield new Outcome.Committed(
                        new Sha(already.commitSha()), deployed, Optional.of(restored.deployment()), true);
            }
            case CommitResult.Unchanged unchanged ->
                new Outcome.Unchanged(deployed, Optional.of(restored.deployment()));
            case CommitResult.Refused refused -> throw new IllegalStateException("handled above");
            case CommitResult.NotHeld notHeld -> throw new IllegalStateException("handled above");
        };
    }

    private static boolean matches(DeploymentCommit deployment, Revision revision) {
        return switch (revision) {
            case Revision.Commit commit ->
                deployment.commitSha().startsWith(commit.sha().value());
            case Revision.Deployment id -> deployment.deployment().equals(id.id());
        };
    }

    private static Outcome refused(Refusal refusal) {
        return new Outcome.Refused(refusal);
    }

    /** Pins the environment at the deployment a rollback restored. */
    private void pin(DeployRequest request, DeploymentId restored) {
        locks.pin(request.ask().target(), request.ask().requestedBy(), restored.value(), clock.instant());
    }
}
