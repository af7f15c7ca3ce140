package dev.pitapat.status;

import dev.pitapat.deploy.DeploySummary;
import dev.pitapat.deploy.ProgressRecords;
import dev.pitapat.gitops.BranchOverview;
import dev.pitapat.gitops.DeploymentCommit;
import dev.pitapat.gitops.GitOpsException;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.model.AppName;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.SecretRedactor;
import dev.pitapat.model.Target;
import dev.pitapat.status.Board.Source;
import dev.pitapat.store.DeliveryQueue;
import dev.pitapat.store.DeliveryRecord;
import dev.pitapat.store.DeliveryStatus;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.FreezeLock;
import dev.pitapat.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one read model behind the status page and {@code /api/apps}: the apps of the GitOps repository with each
 * environment's newest deployments (one {@link GitOpsWriter#overview} read, so the remote is fetched at most once
 * per {@link GitOpsWriter#OVERVIEW_FRESHNESS} however many environments are listed), their freezes, rollback
 * pins and deploy lines from the store, the deploys' progress records for what the trailers do not carry, and
 * the deliveries that did not go through. A source that cannot be read is named in the board and its part left
 * out; the rest is still shown.
 *
 * <p>Everything is shown only for repositories the caller may see: {@code canSeeRepo} is asked with {@code
 * owner/repo}, the repository an app is deployed from (a delivery's repository, blank for events without one).
 */
@Component
class StatusBoard {

    /** Until signing in with GitHub comes: the clients allowed in (loopback ones) see every repository. */
    static final Predicate<String> EVERY_REPOSITORY = repo -> true;

    /** The deployments shown per environment: the one running now and the two before it. */
    static final int DEPLOYMENTS = 3;

    /** How many recent deliveries are looked through for failed and retrying ones. */
    static final int DELIVERIES = 100;

    private static final Logger log = LoggerFactory.getLogger(StatusBoard.class);

    private final GitOpsWriter gitops;
    private final EnvironmentLocks locks;
    private final ProgressRecords records;
    private final DeliveryQueue queue;

    StatusBoard(GitOpsWriter gitops, EnvironmentLocks locks, ProgressRecords records, DeliveryQueue queue) {
        this.gitops = gitops;
        this.locks = locks;
        this.records = records;
        this.queue = queue;
    }

    /** Everything the status page shows, for repositories {@code canSeeRepo} accepts. */
    Board overview(Predicate<String> canSeeRepo) {
        Reading reading = new Reading();
        Optional<BranchOverview> branch = reading.read(Source.GITOPS, () -> gitops.overview(DEPLOYMENTS));
        List<Board.App> apps = branch.map(b -> apps(b, canSeeRepo, reading)).orElse(List.of());
        List<DeliveryRecord> troubled =
                reading.read(Source.DELIVERIES, () -> queue.recent(DELIVERIES)).orElse(List.of()).stream()
                        .filter(d -> d.status() != DeliveryStatus.DONE && d.status() != DeliveryStatus.QUEUED)
                        .filter(d -> canSeeRepo.test(d.repo()))
                        .toList();
        Optional<Long> depth = reading.read(Source.DELIVERIES, queue::depth);
        return new Board(apps, troubled, depth, branch.flatMap(BranchOverview::head), reading.unreadable);
    }

    /** The deployments of {@code target}, newest first, at most {@code limit}, of repositories the caller may see. */
    List<DeploymentCommit> history(Target target, int limit, Predicate<String> canSeeRepo) {
        return gitops.history(target, limit).stream()
                .filter(d -> canSeeRepo.test(d.source().repository()))
                .toList();
    }

    private List<Board.App> apps(BranchOverview branch, Predicate<String> canSeeRepo, Reading reading) {
        Map<AppName, List<BranchOverview.Environment>> byApp = new LinkedHashMap<>();
        branch.environments()
                .forEach(e -> byApp.computeIfAbsent(e.target().app(), a -> new ArrayList<>())
                        .add(e));
        List<FreezeLock> freezes = reading.read(Source.LOCKS, locks::locks).orElse(List.of());
        List<Board.App> apps = new ArrayList<>();
        byApp.forEach((app, environments) -> repositoryOf(environments)
                .filter(canSeeRepo)
                .ifPresent(
                        repo -> apps.add(new Board.App(app, repo, environments(app, environments, freezes, reading)))));
        return apps;
    }

    /** The folders at the head, and any frozen environment of the app that has none (yet). */
    private List<Board.Environment> environments(
            AppName app, List<BranchOverview.Environment> folders, List<FreezeLock> freezes, Reading reading) {
        Map<Target, List<DeploymentCommit>> targets = new LinkedHashMap<>();
        folders.forEach(f -> targets.put(f.target(), f.deployments()));
        freezes.stream()
                .filter(f -> f.app().equals(app.value()))
                .flatMap(f -> targetOf(f).stream())
                .forEach(target -> targets.putIfAbsent(target, List.of()));
        List<Board.Environment> environments = new ArrayList<>();
        targets.forEach((target, deployments) -> environments.add(environment(target, deployments, freezes, reading)));
        environments.sort(Comparator.comparing(e -> e.target().env().value()));
        return environments;
    }

    private Board.Environment environment(
            Target target, List<DeploymentCommit> deployments, List<FreezeLock> freezes, Reading reading) {
        List<Board.Deployed> deployed = deployments.stream()
                .map(d -> new Board.Deployed(d, summaryOf(d.deployment().value(), reading)))
                .toList();
        Optional<FreezeLock> lock = freezes.stream()
                .filter(f -> f.app().equals(target.app().value())
                        && f.env().equals(target.env().value()))
                .findFirst();
        Optional<Board.Deploying> deploying = reading.read(Source.LOCKS, () -> locks.leaseOf(target))
                .flatMap(lease -> lease)
                .map(lease -> new Board.Deploying(
                        lease,
                        summaryOf(lease.holder(), reading),
                        reading.read(Source.LOCKS, () -> locks.waiting(target)).orElse(List.of()).stream()
                                .map(holder -> new Board.Waiting(holder, summaryOf(holder, reading)))
                                .toList()));
        return new Board.Environment(
                target,
                deployed,
                lock,
                reading.read(Source.LOCKS, () -> locks.pinOf(target)).flatMap(pin -> pin),
                deploying);
    }

    /** The summary of the deploy a lease, line or trailer names by its deployment id. */
    private Optional<DeploySummary> summaryOf(String holder, Reading reading) {
        return DeploymentId.parse(holder)
                .toOptional()
                .flatMap(id -> reading.read(Source.PROGRESS, () -> records.summaryOf(id)))
                .flatMap(summary -> summary);
    }

    private static Optional<Target> targetOf(FreezeLock lock) {
        return AppName.parse(lock.app())
                .toOptional()
                .flatMap(app -> EnvName.parse(lock.env())
                        .toOptional()
                        .flatMap(env -> Target.of(app, env).toOptional()));
    }

    /** The repository the app is deployed from: its newest deployment's {@code Pitapat-Source}. */
    private static Optional<String> repositoryOf(List<BranchOverview.Environment> environments) {
        return environments.stream()
                .flatMap(e -> e.deployments().stream().limit(1))
                .max(Comparator.comparing(DeploymentCommit::time))
                .map(d -> d.source().repository());
    }

    /**
     * One look's reads: a source that failed once is not asked again in the same look (each attempt at a store
     * that is down waits for its timeout), and is named in the board.
     */
    private static final class Reading {
        private final Set<Source> unreadable = EnumSet.noneOf(Source.class);

        <T> Optional<T> read(Source source, Supplier<T> what) {
            if (unreadable.contains(source)) {
                return Optional.empty();
            }
            try {
                return Optional.of(what.get());
            } catch (GitOpsException | StoreUnavailableException e) {
                log.warn("The status could not read {}: {}", source, SecretRedactor.redact(e.toString()));
                unreadable.add(source);
                return Optional.empty();
            }
        }
    }
}
