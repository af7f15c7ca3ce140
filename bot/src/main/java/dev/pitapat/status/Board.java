package dev.pitapat.status;

import dev.pitapat.deploy.DeploySummary;
import dev.pitapat.gitops.DeploymentCommit;
import dev.pitapat.model.AppName;
import dev.pitapat.model.Target;
import dev.pitapat.store.DeliveryRecord;
import dev.pitapat.store.FreezeLock;
import dev.pitapat.store.Lease;
import dev.pitapat.store.Pin;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link StatusBoard} read for one look at the status: the apps the bot deploys with their environments,
 * the deliveries that did not go through, and which sources could not be read (their parts are then missing).
 *
 * @param gitopsHead the GitOps commit the apps were read at
 * @param queueDepth deliveries waiting for a worker; empty when the queue could not be read
 */
record Board(
        List<App> apps,
        List<DeliveryRecord> troubledDeliveries,
        Optional<Long> queueDepth,
        Optional<String> gitopsHead,
        Set<Source> unreadable) {

    Board {
        apps = List.copyOf(apps);
        troubledDeliveries = List.copyOf(troubledDeliveries);
        unreadable = Set.copyOf(unreadable);
    }

    /** What the board reads from, each named as the page names it when it could not be read. */
    enum Source {
        GITOPS("the GitOps repository", "no app or deployment can be listed"),
        LOCKS("the store's locks, rollback pins and deploy lines", "they are missing below"),
        PROGRESS("the store's deploy records", "pull requests, app addresses and waiting deploys' details are missing"),
        DELIVERIES("the store's delivery queue", "deliveries that failed are missing");

        private final String what;
        private final String consequence;

        Source(String what, String consequence) {
            this.what = what;
            this.consequence = consequence;
        }

        /** One sentence for the page: what could not be read, and what is missing because of it. */
        String sentence() {
            return "Could not read " + what + " just now, so " + consequence + "; reload in a minute.";
        }
    }

    /**
     * An app the bot deploys.
     *
     * @param repo the repository it is deployed from ({@code owner/repo}), from its deployments' trailers
     */
    record App(AppName name, String repo, List<Environment> environments) {
        App {
            environments = List.copyOf(environments);
        }
    }

    /**
     * One environment of an app: its newest deployments (the first runs now), and what holds it.
     *
     * @param deploying the deploy holding the environment's lease, with the line behind it
     */
    record Environment(
            Target target,
            List<Deployed> deployments,
            Optional<FreezeLock> lock,
            Optional<Pin> pin,
            Optional<Deploying> deploying) {
        Environment {
            deployments = List.copyOf(deployments);
        }
    }

    /** A deployment as its GitOps commit records it, with its progress record's summary while the store has it. */
    record Deployed(DeploymentCommit commit, Optional<DeploySummary> summary) {}

    /** The deploy in progress and the deploys waiting behind it, first first. */
    record Deploying(Lease lease, Optional<DeploySummary> summary, List<Waiting> waiting) {
        Deploying {
            waiting = List.copyOf(waiting);
        }
    }

    /**
     * A deploy waiting in an environment's line.
     *
     * @param holder how the line names it: its deployment id
     */
    record Waiting(String holder, Optional<DeploySummary> summary) {}
}
