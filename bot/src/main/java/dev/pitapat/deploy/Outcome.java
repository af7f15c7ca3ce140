package dev.pitapat.deploy;

import dev.pitapat.config.ConfigProblem;
import dev.pitapat.config.Requirement;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Permission;
import dev.pitapat.model.Revision;
import dev.pitapat.model.Sha;
import dev.pitapat.store.FreezeLock;
import dev.pitapat.store.Pin;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a request ended, as a value: the pipeline decides, the reporters word it (check runs, the Deployment,
 * the sticky comment, replies). Nothing here is Markdown: {@link Words} words every outcome.
 */
public sealed interface Outcome {

    /**
     * A GitOps commit was made, or found made before by the same deployment id (a delivery handled again).
     *
     * @param commit the GitOps commit
     * @param deployed the application commit the environment now runs (for a rollback, the restored one)
     * @param restored for a rollback, the deployment whose folder was restored
     * @param again whether the commit was found rather than made (a delivery handled again)
     */
    record Committed(Sha commit, Sha deployed, Optional<DeploymentId> restored, boolean again) implements Outcome {}

    /**
     * Nothing to commit: the environment's folder already holds exactly these manifests.
     *
     * @param restored for a rollback, the deployment whose manifests the environment already runs
     */
    record Unchanged(Sha deployed, Optional<DeploymentId> restored) implements Outcome {}

    /** The environment's folder was removed (a closed pull request's preview), or there was none to remove. */
    record Removed(Optional<Sha> commit) implements Outcome {}

    /**
     * A blue-green preview was promoted, as {@code kubectl argo rollouts promote} does: traffic switches to the new
     * version; nothing is committed.
     *
     * @param preview the followed deploy whose preview it was, if pitapat follows it
     */
    record Promoted(Optional<DeploymentId> preview) implements Outcome {}

    /** A dry run: the difference from what the environment runs, empty when none; nothing committed. */
    record Previewed(Sha sha, String diff) implements Outcome {}

    /** A rule stopped it; nothing was changed. */
    record Refused(Refusal refusal) implements Outcome {}

    /** A push deploy left alone at its turn: the environment is locked or pinned by a rollback. */
    record Skipped(Hold hold) implements Outcome {}

    /** Something failed (GitHub, the GitOps repository, waiting too long); nothing was committed. */
    record Failed(Failure failure) implements Outcome {}

    /**
     * Why a rule stopped a request, as values: {@link Words#refusal} says what is so and what would work.
     * {@link #rule()} names the rule for logs and a Deployment's description.
     */
    sealed interface Refusal {

        /** The rule's name, for logs and a Deployment's description. */
        default String rule() {
            return switch (this) {
                case PermissionLost p -> "permission";
                case PermissionUnknown p -> "permission";
                case NoCluster n -> "no-cluster";
                case NothingToPromote n -> "nothing-to-promote";
                case NothingToAbort n -> "nothing-to-abort";
                case InvalidConfig i -> "config";
                case Locked l -> "environment-locked";
                case NotLiveBefore n -> "after";
                case NotHealthyBefore n -> "after";
                case Unmet u -> "requires";
                case Unknowable u -> "requires";
                case NothingToRollBack n -> "nothing-to-roll-back";
                case UnknownRevision u -> "unknown-revision";
                case EmptyDeployment e -> "empty-deployment";
                case NoBuilder n -> "build";
                case GitOpsRule g -> g.name();
            };
        }

        /** At its turn the requester no longer had the permission the environment needs. */
        record PermissionLost(String login, Permission needed, Permission now) implements Refusal {}

        /** At its turn GitHub could not say whether the requester may still run it. */
        record PermissionUnknown(String login) implements Refusal {}

        /** {@code /promote} and {@code /abort} act on the cluster, and none is followed. */
        record NoCluster(String command) implements Refusal {}

        /**
         * No blue-green preview waits for promotion in the environment.
         *
         * @param phase the Rollout's phase; empty when there is no Rollout
         */
        record NothingToPromote(Optional<String> phase) implements Refusal {}

        /**
         * No rollout is in flight in the environment: its Rollout runs one version, fully promoted.
         *
         * @param phase the Rollout's phase; empty when there is no Rollout
         */
        record NothingToAbort(Optional<String> phase) implements Refusal {}

        /** {@code .github/pitapat.yml} (policy from the default branch, app keys at the sha) breaks rules. */
        record InvalidConfig(Sha sha, List<ConfigProblem> problems) implements Refusal {
            public InvalidConfig {
                problems = List.copyOf(problems);
            }
        }

        /** The environment is frozen by {@code /lock}. */
        record Locked(EnvironmentDesk.Freeze freeze) implements Refusal {}

        /** {@code after: before}: the sha is not what {@code before} runs; {@code runs} is what it does run. */
        record NotLiveBefore(EnvName before, Sha sha, Optional<Sha> runs) implements Refusal {}

        /**
         * {@code after: before} with the cluster followed: the sha is committed in {@code before} but not healthy
         * there; {@code there} says what its Rollout shows, and {@code phase} its {@code status.phase}.
         */
        record NotHealthyBefore(EnvName before, Sha sha, RolloutThere there, Optional<String> phase)
                implements Refusal {}

        /** What the earlier environment's Rollout shows, for {@link NotHealthyBefore}. */
        enum RolloutThere {
            /** There is no Rollout yet. */
            NONE,
            /** It asks for another version: Argo CD has not applied this one yet. */
            OTHER_VERSION,
            /** It runs this version, not yet healthy and fully promoted. */
            NOT_HEALTHY,
            /** It runs this version as a blue-green preview waiting for promotion. */
            AWAITING_PROMOTION,
            /** The cluster did not answer. */
            NO_ANSWER
        }

        /** {@code requires:} is not met: each missing part. */
        record Unmet(Set<Requirement> requires, List<Missing> missing) implements Refusal {
            public Unmet {
                requires = Set.copyOf(requires);
                missing = List.copyOf(missing);
            }
        }

        /** {@code requires:} could not be checked: GitHub did not answer (with {@code status}, if it answered). */
        record Unknowable(Set<Requirement> requires, Sha sha, Optional<Integer> status) implements Refusal {
            public Unknowable {
                requires = Set.copyOf(requires);
            }
        }

        /** No earlier deployment to roll back to: none at all ({@code empty}), or only the current one. */
        record NothingToRollBack(boolean empty) implements Refusal {}

        /** {@code /rollback <revision>} names no deployment of the environment. */
        record UnknownRevision(Revision revision) implements Refusal {}

        /** The chosen deployment left the environment's folder empty. */
        record EmptyDeployment(DeploymentId deployment) implements Refusal {}

        /**
         * {@code build: argo-workflows}, and pitapat cannot build here: {@code missing} says what it lacks.
         */
        record NoBuilder(BuilderMissing missing) implements Refusal {}

        /** What pitapat lacks to build an image. */
        enum BuilderMissing {
            /** No cluster is followed: there is nowhere to run the build. */
            CLUSTER,
            /** {@code pitapat.build.registry-secret} is not set: nothing could push the image. */
            REGISTRY_SECRET
        }

        /** The GitOps repository's own rule (an app owned by another repository), in its own words. */
        record GitOpsRule(String name, String why, String instead) implements Refusal {}
    }

    /** A part of {@code requires:} that a deploy lacks. */
    sealed interface Missing {

        /** A pushed commit that no pull request holds: nobody approved it. */
        record NoPullRequest(Sha sha) implements Missing {}

        /** The pull request has no approving review. */
        record NoApproval(int pullRequest) implements Missing {}

        /** Reviewers whose latest review requests changes. */
        record ChangesRequested(int pullRequest, List<String> reviewers) implements Missing {}

        /** No check has reported on the sha yet. */
        record NoChecks(Sha sha) implements Missing {}

        /** Checks that failed, or that have not finished: {@code name (detail)}, the first few and how many more. */
        record ChecksNotGreen(Sha sha, boolean failed, List<CheckShown> checks, int more) implements Missing {}

        /** One check as a refusal shows it: its name and GitHub's word for its state. */
        record CheckShown(String name, String detail) {}
    }

    /** What broke, as values: {@link Words} says it and whether trying again helps. */
    sealed interface Failure {

        /** Whether the same request later may work, or not until someone changes a setting. */
        default boolean retryHelps() {
            return !(this instanceof GitOpsAccess);
        }

        /** The environment stayed busy for longer than {@code pitapat.deploy.max-wait}. */
        record GaveUpWaiting(Duration maxWait) implements Failure {}

        /**
         * The environment's lease lapsed during the deploy (its replica paused or lost the store for longer than
         * the lease); another deploy may have started there.
         */
        record LeaseLapsed() implements Failure {}

        /** The GitOps repository refused pitapat's credentials (one line, credentials redacted). */
        record GitOpsAccess(String detail) implements Failure {}

        /**
         * The GitOps repository could not be read or written (one line, credentials redacted); whether the same
         * request later may work by itself, or not until whoever runs pitapat fixes something (the disk, a hook).
         */
        record GitOps(String detail, boolean retryHelps) implements Failure {}

        /** GitHub did not answer while doing {@code operation}. */
        record GitHubUnavailable(String operation) implements Failure {}

        /** The Kubernetes API refused or did not answer {@code operation} (one line: what was asked, its answer). */
        record Cluster(String detail) implements Failure {}

        /**
         * The image was not made: pitapat's build ({@code kind} {@link Progress.Building.Kind#BUILD}, a Workflow) or
         * the external check named by {@code build-check} failed, with Argo's message or GitHub's word for it, and
         * where its logs are.
         */
        record BuildFailed(Progress.Building.Kind kind, String name, String message, Optional<java.net.URI> logs)
                implements Failure {}

        /** The image was not there within {@code pitapat.build.timeout}. */
        record BuildTimedOut(Progress.Building.Kind kind, String name, Duration timeout) implements Failure {}

        /** A fault in pitapat itself: the exception's kind; its log has the rest. */
        record Unexpected(String kind) implements Failure {}
    }

    /** What holds an environment back from push-to-deploy: its freeze, or else a rollback's pin. */
    sealed interface Hold {
        record Locked(FreezeLock lock) implements Hold {}

        record Pinned(Pin pin) implements Hold {}

        /**
         * The turn was resumed after its replica stalled, and the environment meanwhile got {@code by}, a
         * deployment accepted after this one: the older one is not committed over it.
         */
        record Superseded(DeploymentId by, Sha sha) implements Hold {}

        /**
         * While it waited for its image, {@code by}, a newer deploy to the environment, was asked for: the older
         * one stops waiting and is not deployed (its build may still finish, and serves that sha's next deploy).
         */
        record Replaced(DeploymentId by, Optional<Sha> sha) implements Hold {}
    }
}
