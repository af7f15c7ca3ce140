package dev.pitapat.deploy;

import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Permission;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Revision;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.time.Duration;
import java.util.Optional;

/**
 * What the pipeline is asked to do to one environment, in validated values. Every request carries its
 * {@link Ask}: the deployment id it will be known by, the environment, the repository and what asked for it.
 */
public sealed interface DeployRequest {

    Ask ask();

    /**
     * Render the manifests of {@code sha} and commit them; a dry run only shows the difference.
     *
     * @param policy {@code .github/pitapat.yml} as it was read when the request was accepted, if it was: a deploy
     *     whose turn comes at once uses it instead of asking GitHub again (one read per ref per deploy)
     */
    record Deploy(Ask ask, Sha sha, boolean dryRun, Optional<PolicyRead> policy) implements DeployRequest {
        public Deploy {
            if (!sha.isFull()) {
                throw new IllegalArgumentException("a deploy names the full sha it deploys");
            }
        }
    }

    /**
     * The file {@code .github/pitapat.yml} as read at {@code ref} (the default branch, or the pushed commit),
     * empty when there is none.
     */
    record PolicyRead(String ref, Optional<String> file) {}

    /** Commit an earlier deployment's folder again: the one before the current, or {@code to}. */
    record Rollback(Ask ask, Optional<Revision> to) implements DeployRequest {}

    /** Blue-green: switch traffic to the new version (needs the cluster). */
    record Promote(Ask ask) implements DeployRequest {}

    /** Blue-green: keep traffic on the old version (needs the cluster). */
    record Abort(Ask ask) implements DeployRequest {}

    /** Remove the environment's folder: a closed pull request's preview. {@code sha} is its last head. */
    record Undeploy(Ask ask, Sha sha) implements DeployRequest {}

    /**
     * The part every request has.
     *
     * @param id the deployment id, derived from what asked (the webhook delivery and the command's place), so
     *     the same request handled twice is one deploy
     * @param installationId the App installation that acts on {@code repo}
     * @param defaultBranch where the policy keys of {@code .github/pitapat.yml} are read
     * @param production whether the environment's GitHub Deployments are production ones (its {@code production}
     *     key; by default only an environment named {@code production})
     */
    record Ask(
            DeploymentId id,
            Target target,
            RepoRef repo,
            long installationId,
            String defaultBranch,
            Origin origin,
            boolean production) {

        /** Who asked: the commenter, the presser, the pusher, or who closed the pull request. */
        public String requestedBy() {
            return origin.login();
        }
    }

    /** What asked for a request. */
    sealed interface Origin {

        /** The GitHub login behind it. */
        String login();

        /** The pull request it belongs to, if any. */
        Optional<Integer> pullRequest();

        /**
         * A command in a pull request, from a comment (its id, to react to) or a check-run button. The commenter
         * needed {@code needed} when it was accepted and is asked again when its turn comes.
         */
        record Command(int number, String login, Permission needed, Optional<Long> commentId) implements Origin {
            @Override
            public Optional<Integer> pullRequest() {
                return Optional.of(number);
            }
        }

        /** A push to the default branch ({@code deploy-on: push}): skips a pinned or locked environment. */
        record Push(String login) implements Origin {
            @Override
            public Optional<Integer> pullRequest() {
                return Optional.empty();
            }
        }

        /**
         * Nobody promoted the blue-green preview of deploy {@code preview} within the environment's {@code
         * promotion-timeout} ({@code after}): pitapat aborts it, and says so where the deploy was asked for.
         */
        record PromotionTimeout(Optional<Integer> pullRequest, DeploymentId preview, Duration after) implements Origin {
            /** The bot itself, as its commits' {@code Pitapat-Requested-By} says. */
            public static final String LOGIN = "pitapat";

            @Override
            public String login() {
                return LOGIN;
            }
        }

        /** A pull request was closed: its preview goes. */
        record Closed(int number, String login) implements Origin {
            @Override
            public Optional<Integer> pullRequest() {
                return Optional.of(number);
            }
        }
    }
}
