package dev.pitapat.status;

import java.util.List;
import java.util.Optional;

/**
 * The status page's content, every value already a string for {@code status.jte} to escape and place: the apps
 * the bot deploys, each environment with what runs there now and before, what holds it, the deploys in its line,
 * and the deliveries that did not go through.
 *
 * @param unreadable one sentence per source that could not be read
 * @param firstDeploy whether to say how to deploy the first app: nothing is deployed and nothing was unreadable
 * @param queue how many deliveries wait for a worker, in words; empty when unknown
 * @param capacity cloud bursting's line; empty when bursting is off
 */
record StatusPage(
        List<String> unreadable,
        boolean firstDeploy,
        List<App> apps,
        List<Delivery> deliveries,
        Optional<String> queue,
        Optional<String> gitopsHead,
        Optional<Capacity> capacity) {

    /** The page with cloud bursting's line. */
    StatusPage with(Optional<Capacity> line) {
        return new StatusPage(unreadable, firstDeploy, apps, deliveries, queue, gitopsHead, line);
    }

    /**
     * Cloud bursting, when it is on: its newest decision, and its latest changes of the group (newest first).
     *
     * @param latest empty when nothing was decided yet, or the decisions could not be read ({@code problem})
     */
    record Capacity(Optional<Decision> latest, List<Decision> changes, Optional<String> problem) {}

    /** One capacity decision in a line. */
    record Decision(String line, Time at) {}

    /** Text, linked when there is a page to link to. */
    record Link(String text, Optional<String> href) {
        static Link text(String text) {
            return new Link(text, Optional.empty());
        }
    }

    /** An instant as the page shows it, and in ISO 8601 for {@code <time datetime>}. */
    record Time(String shown, String iso) {}

    record App(String name, String anchor, Link repo, List<Environment> environments) {}

    record Environment(
            String name,
            Optional<Deployment> now,
            List<Deployment> before,
            Optional<Lock> lock,
            Optional<Pin> pin,
            Optional<Queued> deploying,
            List<Queued> waiting) {}

    /** A deployment: what it deployed, from which pull request, who asked, when, its GitOps commit and address. */
    record Deployment(
            String action,
            Link sha,
            Optional<Link> pullRequest,
            String by,
            Time at,
            Link gitopsCommit,
            Optional<Link> app,
            String id,
            Optional<String> state) {}

    record Lock(String by, Time since, Optional<String> reason) {}

    record Pin(String by, String revision, Time since) {}

    /** A deploy holding the environment or waiting in its line. */
    record Queued(
            String id,
            Optional<String> by,
            Optional<Link> sha,
            Optional<Link> pullRequest,
            Optional<Time> since,
            String state) {}

    record Delivery(String id, String what, String repo, String status, int attempts, String error, Time at) {}
}
