package dev.pitapat.deploy;

import dev.pitapat.deploy.Outcome.Refusal;
import dev.pitapat.kube.Cluster;
import dev.pitapat.kube.ClusterException;
import dev.pitapat.kube.RolloutState;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Target;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /promote} and {@code /abort} (and their buttons) in the environment's turn. Promote does exactly what
 * {@code kubectl argo rollouts promote} does and commits nothing; abort does what {@code kubectl argo rollouts
 * abort} does, then commits the previous deployment's folder back ({@code Pitapat-Action: abort}, pinned like a
 * rollback) so that Git again says what runs. Each notes itself against the deploy pitapat follows there, so that
 * deploy's end says who promoted or aborted it. The cluster is asked first: nothing awaiting promotion, or nothing
 * in flight, is refused saying what the Rollout shows.
 */
final class Promotions {

    private static final Logger log = LoggerFactory.getLogger(Promotions.class);

    private final Cluster cluster;
    private final ProgressRecords records;
    private final Rollbacks rollbacks;

    Promotions(Cluster cluster, ProgressRecords records, Rollbacks rollbacks) {
        this.cluster = cluster;
        this.records = records;
        this.rollbacks = rollbacks;
    }

    Outcome promote(DeployRequest.Promote request) {
        Target target = request.ask().target();
        try {
            Optional<RolloutState> rollout = cluster.rollout(target);
            if (rollout.filter(RolloutState::awaitingPromotion).isEmpty()) {
                return new Outcome.Refused(new Refusal.NothingToPromote(rollout.map(RolloutState::phase)));
            }
            Optional<DeploymentId> preview = followed(request);
            return switch (cluster.promote(target)) {
                case PROMOTED -> {
                    log.info(
                            "@{} promoted {}{}",
                            request.ask().requestedBy(),
                            target,
                            preview.map(id -> " (" + id.value() + ")").orElse(""));
                    yield new Outcome.Promoted(preview);
                }
                case NOTHING_PAUSED ->
                    new Outcome.Refused(new Refusal.NothingToPromote(rollout.map(RolloutState::phase)));
                case NO_ROLLOUT -> new Outcome.Refused(new Refusal.NothingToPromote(Optional.empty()));
            };
        } catch (ClusterException e) {
            log.warn("Promoting {} failed: {}", target, e.getMessage());
            return new Outcome.Failed(new Outcome.Failure.Cluster(e.getMessage()));
        }
    }

    Outcome abort(DeployRequest.Abort request, GitOpsTurn.Steps steps) {
        Target target = request.ask().target();
        Optional<DeploymentId> aborted;
        try {
            Optional<RolloutState> rollout = cluster.rollout(target);
            if (rollout.isEmpty() || (rollout.get().healthy() && !rollout.get().awaitingPromotion())) {
                return new Outcome.Refused(new Refusal.NothingToAbort(rollout.map(RolloutState::phase)));
            }
            aborted = followed(request);
            if (!cluster.abort(target)) {
                return new Outcome.Refused(new Refusal.NothingToAbort(Optional.empty()));
            }
            log.info(
                    "{} aborted the rollout of {}{}",
                    request.ask().requestedBy(),
                    target,
                    aborted.map(id -> " (" + id.value() + ")").orElse(""));
        } catch (ClusterException e) {
            log.warn("Aborting {} failed: {}", target, e.getMessage());
            return new Outcome.Failed(new Outcome.Failure.Cluster(e.getMessage()));
        }
        return rollbacks.abort(request, aborted, steps);
    }

    /** The deploy pitapat follows in the environment, if any, with this request noted against it. */
    private Optional<DeploymentId> followed(DeployRequest request) {
        DeployRequest.Ask ask = request.ask();
        Optional<DeploymentId> followed = records.lastFollowed(ask.target())
                .filter(p -> p.stage() == Progress.Stage.FOLLOWING)
                .map(p -> p.request().ask().id());
        followed.ifPresent(id -> records.noteAct(id, ask.id()));
        return followed;
    }
}
