package dev.pitapat.status;

import dev.pitapat.burst.Capacity;
import dev.pitapat.deploy.DeploySummary;
import dev.pitapat.deploy.GitHubLinks;
import dev.pitapat.gitops.DeploymentCommit;
import dev.pitapat.model.Sha;
import dev.pitapat.store.DeliveryRecord;
import dev.pitapat.store.FreezeLock;
import dev.pitapat.store.Pin;
import dev.pitapat.store.StoreUnavailableException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Turns a {@link Board} into the {@link StatusPage}: short shas linked to their commits on GitHub, pull requests
 * linked when the deploy's record names one, GitOps commits linked when that repository is on GitHub, times in
 * UTC.
 */
@Component
class StatusPages {

    private static final DateTimeFormatter SHOWN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** How many of the newest capacity decisions the page looks through for changes, and shows at most. */
    static final int CAPACITY_LOOKS = 200;

    static final int CAPACITY_CHANGES = 5;

    private final GitHubLinks links;

    StatusPages(GitHubLinks links) {
        this.links = links;
    }

    StatusPage of(Board board) {
        return new StatusPage(
                board.unreadable().stream().sorted().map(Board.Source::sentence).toList(),
                board.apps().isEmpty() && board.unreadable().isEmpty(),
                board.apps().stream().map(this::app).toList(),
                board.troubledDeliveries().stream().map(StatusPages::delivery).toList(),
                board.queueDepth().map(StatusPages::queue),
                board.gitopsHead().map(head -> new Sha(head).abbreviated()),
                Optional.empty());
    }

    private StatusPage.App app(Board.App app) {
        return new StatusPage.App(
                app.name().value(),
                "app-" + app.name().value(),
                new StatusPage.Link(
                        app.repo(), Optional.of(links.repository(app.repo()).toString())),
                app.environments().stream().map(this::environment).toList());
    }

    private StatusPage.Environment environment(Board.Environment e) {
        List<StatusPage.Deployment> deployments =
                e.deployments().stream().map(this::deployment).toList();
        return new StatusPage.Environment(
                e.target().env().value(),
                deployments.stream().findFirst(),
                deployments.stream().skip(1).toList(),
                e.lock().map(StatusPages::lock),
                e.pin().map(StatusPages::pin),
                e.deploying()
                        .map(d -> queued(
                                d.lease().holder(),
                                d.summary(),
                                Optional.of(d.lease().acquiredAt()))),
                e.deploying().stream()
                        .flatMap(d -> d.waiting().stream())
                        .map(w -> queued(w.holder(), w.summary(), w.summary().map(DeploySummary::accepted)))
                        .toList());
    }

    private StatusPage.Deployment deployment(Board.Deployed deployed) {
        DeploymentCommit d = deployed.commit();
        String repo = d.source().repository();
        Sha gitops = new Sha(d.commitSha());
        return new StatusPage.Deployment(
                d.action().word(),
                shaLink(repo, d.source().sha()),
                deployed.summary().flatMap(DeploySummary::pullRequest).map(n -> pullRequest(repo, n)),
                "@" + d.requestedBy(),
                time(d.time()),
                new StatusPage.Link(
                        gitops.abbreviated(), links.gitopsCommit(gitops).map(URI::toString)),
                deployed.summary()
                        .flatMap(DeploySummary::appUrl)
                        .map(URI::toString)
                        .map(url -> new StatusPage.Link(url, Optional.of(url))),
                d.deployment().value(),
                deployed.summary().map(DeploySummary::state));
    }

    /** The deploy holding the line or waiting in it; a holder the store has no record of shows as named. */
    private StatusPage.Queued queued(String holder, Optional<DeploySummary> summary, Optional<Instant> since) {
        return new StatusPage.Queued(
                holder,
                summary.map(s -> "@" + s.requestedBy()),
                summary.flatMap(s -> s.sha().map(sha -> shaLink(s.repo().fullName(), sha))),
                summary.flatMap(
                        s -> s.pullRequest().map(n -> pullRequest(s.repo().fullName(), n))),
                since.map(StatusPages::time),
                summary.map(s -> s.state().replace("`", "")).orElse("")); // Words' Markdown code spans
    }

    private StatusPage.Link shaLink(String repo, Sha sha) {
        return new StatusPage.Link(
                sha.abbreviated(), Optional.of(links.commit(repo, sha).toString()));
    }

    private StatusPage.Link pullRequest(String repo, int number) {
        return new StatusPage.Link(
                "#" + number, Optional.of(links.pullRequest(repo, number).toString()));
    }

    private static StatusPage.Lock lock(FreezeLock lock) {
        return new StatusPage.Lock(
                "@" + lock.by(), time(lock.at()), lock.reason().filter(r -> !r.isBlank()));
    }

    private static StatusPage.Pin pin(Pin pin) {
        return new StatusPage.Pin("@" + pin.by(), pin.revision(), time(pin.at()));
    }

    private static StatusPage.Delivery delivery(DeliveryRecord d) {
        return new StatusPage.Delivery(
                d.id(),
                d.event() + (d.action().isBlank() ? "" : "." + d.action()),
                d.repo(),
                d.status().label(),
                d.attempts(),
                d.lastError().orElse("no error recorded"),
                time(d.updatedAt()));
    }

    private static String queue(long depth) {
        return depth == 1 ? "1 delivery waits for a worker" : depth + " deliveries wait for a worker";
    }

    /** Cloud bursting's line: empty when it is off. */
    static Optional<StatusPage.Capacity> capacity(Capacity capacity) {
        if (!capacity.enabled()) {
            return Optional.empty();
        }
        try {
            List<Capacity.Decision> recent = capacity.recent(CAPACITY_LOOKS);
            return Optional.of(new StatusPage.Capacity(
                    recent.stream().findFirst().map(StatusPages::decision),
                    recent.stream()
                            .filter(d -> !d.act().equals("none"))
                            .limit(CAPACITY_CHANGES)
                            .map(StatusPages::decision)
                            .toList(),
                    Optional.empty()));
        } catch (StoreUnavailableException e) {
            return Optional.of(new StatusPage.Capacity(
                    Optional.empty(), List.of(), Optional.of("the store that keeps them cannot be read right now")));
        }
    }

    private static StatusPage.Decision decision(Capacity.Decision d) {
        return new StatusPage.Decision(d.line(), time(d.at()));
    }

    private static StatusPage.Time time(Instant at) {
        return new StatusPage.Time(SHOWN.format(at), at.toString());
    }
}
