package dev.pitapat.deploy;

import dev.pitapat.deploy.Following.End;
import dev.pitapat.gitops.Action;
import dev.pitapat.gitops.DeploymentCommit;
import dev.pitapat.gitops.GitOpsException;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.kube.ApplicationState;
import dev.pitapat.kube.Cluster;
import dev.pitapat.kube.ClusterException;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.store.DeployRecords.Standing;
import dev.pitapat.store.Leases;
import dev.pitapat.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Follows committed deploys in the cluster, off the delivery workers and the deploy threads: one replica at a time
 * (the store's lease {@value #LEASE}) watches every pitapat Application and Rollout with one watch per kind, keeps
 * the followed records (the store's followed set) and moves each on as {@link FollowRules} say when its environment
 * changes or one of its deadlines passes (looked at every {@link #LOOK}, in memory), reporting every change through the same reporters as the deploy runner.
 * A replica that takes the lease (at start, or when the one holding it died) reads the followed records back and
 * judges each against the cluster once the watch has listed it: a restart reports what happened meanwhile, once.
 * Everything runs on one thread, so a record has one writer. A newer deploy to an environment supersedes the one
 * still followed there; a preview nobody promotes within its {@code promotion-timeout} is aborted through the
 * pipeline like {@code /abort}.
 */
final class Follower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Follower.class);

    /** The store lease of the replica that follows the cluster. */
    static final String LEASE = "cluster-follower";

    /** How long the follower's lease lasts without renewal: another replica takes over within it. */
    static final Duration LEASE_TTL = Duration.ofSeconds(30);

    /** How often the followed set is read (and the lease renewed); a record handed over here is picked up at once. */
    static final Duration LOOK = Duration.ofSeconds(2);

    /** How soon a GitOps commit this replica does not know is fetched for again. */
    static final Duration FETCH_AGAIN = Duration.ofSeconds(30);

    private final ProgressRecords records;
    private final Cluster cluster;
    private final GitOpsWriter writer;
    private final Leases leases;
    private final Reporting reporting;
    private final FollowRules rules;
    private final Clock clock;
    private final String me = "follower-" + UUID.randomUUID();
    private volatile Supplier<Function<String, Optional<String>>> capacity = () -> namespace -> Optional.empty();
    private volatile Function<DeployRequest, DeployPipeline.Accepted> pipeline = request ->
            new DeployPipeline.Accepted.Answered(new Outcome.Refused(new Outcome.Refusal.NoCluster("abort")));

    // touched on the follower thread only
    private final Map<DeploymentId, Progress> followed = new ConcurrentHashMap<>(); // counted from other threads
    private final Map<String, Set<DeploymentId>> byLabel = new HashMap<>();
    private final Map<String, Boolean> holds = new HashMap<>();
    private final Map<String, Instant> fetchedFor = new HashMap<>();
    private Cluster.Watch watch;
    private boolean judged;

    private volatile ScheduledExecutorService thread;

    Follower(
            ProgressRecords records,
            Cluster cluster,
            GitOpsWriter writer,
            Leases leases,
            Reporting reporting,
            FollowRules rules,
            Clock clock) {
        this.records = records;
        this.cluster = cluster;
        this.writer = writer;
        this.leases = leases;
        this.reporting = reporting;
        this.rules = rules;
        this.clock = clock;
    }

    /** Where the words about capacity come from: cloud bursting's newest report, read once per look. */
    void capacityFrom(Supplier<Function<String, Optional<String>>> notes) {
        this.capacity = notes;
    }

    /** Where a promotion timeout's abort goes: the deploy pipeline, which runs it in the environment's turn. */
    void submitTo(Function<DeployRequest, DeployPipeline.Accepted> accept) {
        this.pipeline = accept;
    }

    /** Whether committed deploys are followed at all: only with a cluster. */
    boolean follows() {
        return cluster.followed();
    }

    /**
     * What following a just-committed deploy starts from, when a cluster is followed: its GitOps commit (for a
     * deploy that changed nothing, the folder's last commit), the environment's {@code promotion-timeout}, and
     * whether it restores an earlier version. Empty when nothing is to be followed.
     */
    Optional<Following> begin(Progress progress, Outcome outcome, Optional<Duration> promotionTimeout) {
        if (!cluster.followed()) {
            return Optional.empty();
        }
        boolean restoring = progress.request() instanceof DeployRequest.Rollback
                || progress.request() instanceof DeployRequest.Abort;
        Optional<Sha> commit = switch (outcome) {
            case Outcome.Committed c -> Optional.of(c.commit());
            case Outcome.Unchanged u ->
                writer.history(progress.request().ask().target(), 1).stream()
                        .findFirst()
                        .map(d -> new Sha(d.commitSha()));
            default -> Optional.empty();
        };
        return commit.map(c -> Following.of(c, clock.instant(), promotionTimeout, restoring));
    }

    /** A record was just handed over to be followed: look now rather than at the next {@link #LOOK}. */
    void wake() {
        ScheduledExecutorService running = thread;
        if (running != null) {
            running.execute(this::look);
        }
    }

    /** One look: hold the lease (or let go), read the followed set, judge what is new. */
    void look() {
        try {
            if (!leases.hold(LEASE, me, LEASE_TTL)) {
                if (watch != null) {
                    log.info("Another replica follows the cluster now");
                    letGo();
                }
                return;
            }
            if (watch == null) {
                log.info("Following the cluster's Applications and Rollouts from this replica");
                watch = cluster.watch(label -> {
                    ScheduledExecutorService running = thread;
                    if (running != null) {
                        running.execute(() -> changed(label));
                    }
                });
                judged = false;
            }
            Set<String> ids = new HashSet<>(records.followedIds());
            for (DeploymentId id : List.copyOf(followed.keySet())) {
                if (!ids.contains(id.value())) {
                    forget(id); // ended elsewhere (a replica that held the lease before)
                }
            }
            List<Progress> fresh = new ArrayList<>();
            for (String id : ids) {
                if (!followed.containsKey(new DeploymentId(id))) {
                    Optional<Progress> stored = records.get(new DeploymentId(id));
                    stored.filter(p -> p.stage() == Progress.Stage.FOLLOWING).ifPresent(fresh::add);
                    stored.filter(Progress::finished).ifPresent(this::reportEnd);
                }
            }
            fresh.sort(Comparator.comparing(
                    (Progress p) -> p.following().orElseThrow().since()));
            fresh.forEach(this::take);
            if (!judged && watch.synced()) {
                judged = true;
                List.copyOf(followed.keySet()).forEach(this::judge);
            }
            Instant now = clock.instant();
            for (Progress progress : List.copyOf(followed.values())) {
                if (rules.deadline(progress)
                        .filter(deadline -> !deadline.isAfter(now))
                        .isPresent()) {
                    judge(progress.request().ask().id()); // a timeout, or a preview nobody promoted in time
                }
            }
            noteCapacity();
        } catch (StoreUnavailableException e) {
            log.warn("Following the cluster paused: the store failed ({})", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Following the cluster: a look failed ({}); trying again", e.toString());
        }
    }

    /**
     * A followed record that ended without its end reported: the replica that followed it died in between (after
     * its lease lapsed, so it is not reporting it now). Reported as the end of its following, then done.
     */
    private void reportEnd(Progress ended) {
        if (ended.updated().plus(LEASE_TTL).isAfter(clock.instant())) {
            return; // not yet certain that its replica is gone
        }
        Progress before =
                ended.following(ended.outcome().orElseThrow(), ended.following().orElseThrow(), ended.updated());
        records.save(reporting.report(before, ended), Standing.DONE);
    }

    /** A record to follow: it supersedes older ones still followed in its environment. */
    private void take(Progress progress) {
        DeploymentId id = progress.request().ask().id();
        Target target = progress.request().ask().target();
        Instant since = progress.following().orElseThrow().since();
        for (DeploymentId other : List.copyOf(byLabel.getOrDefault(target.label(), Set.of()))) {
            Progress older = followed.get(other);
            if (older.request().ask().target().equals(target)
                    && !older.following().orElseThrow().since().isAfter(since)) {
                End end = progress.request() instanceof DeployRequest.Abort
                        ? FollowActs.abortEnd(progress)
                        : new End.Superseded(id);
                store(older, older.followed(older.following().orElseThrow().ended(end), clock.instant()));
            }
        }
        followed.put(id, progress);
        byLabel.computeIfAbsent(target.label(), label -> new HashSet<>()).add(id);
        if (judged) {
            judge(id);
        }
    }

    /**
     * Tells each followed deploy still waiting for its rollout what cloud bursting says about its pods that cannot be
     * scheduled (or that they no longer wait), once per change: one read of the store per look.
     */
    private void noteCapacity() {
        if (followed.isEmpty()) {
            return;
        }
        Function<String, Optional<String>> notes = capacity.get();
        for (Progress progress : List.copyOf(followed.values())) {
            Following f = progress.following().orElseThrow();
            if (f.end().isPresent() || f.awaitingPromotion()) {
                continue;
            }
            Optional<String> note =
                    notes.apply(progress.request().ask().target().label());
            if (!note.equals(f.capacity())) {
                store(progress, progress.followed(f.withCapacity(note), clock.instant()));
            }
        }
    }

    private void changed(String label) {
        for (DeploymentId id : List.copyOf(byLabel.getOrDefault(label, Set.of()))) {
            judge(id);
        }
    }

    /** Moves one record on by what the cluster shows now and the time. */
    private void judge(DeploymentId id) {
        Progress progress = followed.get(id);
        if (progress == null) {
            return;
        }
        try {
            Instant now = clock.instant();
            Progress next = rules.next(
                    progress,
                    seen(progress),
                    revision -> holdsOurs(progress, revision),
                    FollowActs.of(records, progress),
                    now);
            if (FollowRules.promotionOverdue(next, now)) {
                abortUnpromoted(next);
            }
            if (next != progress) {
                store(progress, next);
            }
        } catch (StoreUnavailableException e) {
            log.warn("{}: the store failed ({}); judged again at the next change", id.value(), e.getMessage());
        }
    }

    private FollowRules.Seen seen(Progress progress) {
        if (watch == null || !watch.synced()) {
            return FollowRules.Seen.UNKNOWN;
        }
        Target target = progress.request().ask().target();
        try {
            Optional<ApplicationState> application = cluster.application(target);
            return new FollowRules.Seen(
                    true,
                    application,
                    cluster.rollout(target),
                    application.isPresent() ? Optional.empty() : removal(target));
        } catch (ClusterException e) {
            log.warn("Reading {} from the cluster failed: {}", target.label(), e.getMessage());
            return FollowRules.Seen.UNKNOWN;
        }
    }

    /** The removal that emptied the environment's folder, when that is the folder's newest commit. */
    private Optional<DeploymentId> removal(Target target) {
        try {
            return writer.history(target, 1).stream()
                    .findFirst()
                    .filter(d -> d.action() == Action.UNDEPLOY)
                    .map(DeploymentCommit::deployment);
        } catch (GitOpsException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the GitOps commit Argo CD names holds the deploy's folder as its commit left it; answers are
     * remembered. A commit not known here is fetched for at most once per {@link #FETCH_AGAIN} (Argo CD may name a
     * commit someone else pushed; a thousand environments must not cost a thousand fetches).
     */
    private boolean holdsOurs(Progress progress, String revision) {
        Following f = progress.following().orElseThrow();
        if (revision.equals(f.commit().value())) {
            return true;
        }
        Target target = progress.request().ask().target();
        String key = target.label() + " " + f.commit().value() + " " + revision;
        Boolean known = holds.get(key);
        if (known != null) {
            return known;
        }
        try {
            Optional<Boolean> holding = writer.holdsFolderOf(target, f.commit(), revision);
            Instant now = clock.instant();
            Instant fetched = fetchedFor.get(revision);
            if (holding.isEmpty() && (fetched == null || !now.isBefore(fetched.plus(FETCH_AGAIN)))) {
                if (fetchedFor.size() > 1_000) {
                    fetchedFor.clear();
                }
                fetchedFor.put(revision, now);
                writer.fetch();
                holding = writer.holdsFolderOf(target, f.commit(), revision);
            }
            if (holding.isPresent() && holds.size() < 100_000) {
                holds.put(key, holding.get());
            }
            return holding.orElse(false);
        } catch (GitOpsException e) {
            log.warn(
                    "Could not compare GitOps commit {} with {}: {}",
                    revision,
                    f.commit().abbreviated(),
                    e.getMessage());
            return false;
        }
    }

    /** Nobody promoted the preview in time: an abort, asked once (its id comes from the deploy's). */
    private void abortUnpromoted(Progress progress) {
        DeployRequest.Abort abort = FollowActs.abortOf(progress);
        if (records.get(abort.ask().id()).isEmpty()) {
            log.info(
                    "Nobody promoted {} of {} within its promotion-timeout: aborting it",
                    progress.request().ask().id().value(),
                    progress.request().ask().target());
            pipeline.apply(abort);
        }
    }

    /** Stores and reports the record's new state; an ended one leaves the followed set once its end is reported. */
    private void store(Progress before, Progress now) {
        DeploymentId id = now.request().ask().id();
        records.save(now, Standing.FOLLOWED);
        Progress reported = reporting.report(before, now);
        if (now.finished()) {
            records.save(reported, Standing.DONE);
            forget(id);
            log.info(
                    "{} of {} ended in the cluster: {}",
                    id.value(),
                    now.request().ask().target(),
                    now.following()
                            .flatMap(Following::end)
                            .map(e -> e.getClass().getSimpleName())
                            .orElse("?"));
            return;
        }
        if (!reported.reports().equals(now.reports())) {
            records.save(reported, Standing.FOLLOWED);
        }
        followed.put(id, reported);
    }

    private void forget(DeploymentId id) {
        Progress gone = followed.remove(id);
        if (gone != null) {
            Set<DeploymentId> same = byLabel.get(gone.request().ask().target().label());
            if (same != null) {
                same.remove(id);
                if (same.isEmpty()) {
                    byLabel.remove(gone.request().ask().target().label());
                }
            }
        }
    }

    private void letGo() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
        followed.clear();
        byLabel.clear();
        holds.clear();
        fetchedFor.clear();
        judged = false;
    }

    /** How many deploys this replica follows now: for tests and the benchmark. */
    int followedCount() {
        return followed.size();
    }

    @Override
    public void start() {
        if (!cluster.followed()) {
            return; // no cluster: committed deploys end there, and nothing is watched
        }
        thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("pitapat-follow").daemon().factory());
        thread.scheduleWithFixedDelay(this::look, 0, LOOK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int getPhase() {
        return DeployRunner.STOP_PHASE - 1024; // stops after the runner, which hands deploys over to it
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = thread;
        if (running == null) {
            return;
        }
        thread = null;
        try {
            running.submit(() -> {
                        letGo();
                        leases.release(LEASE, me);
                    })
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) { // the lease lapses by itself
            log.debug("Stopping the follower: {}", e.toString());
        }
        running.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
