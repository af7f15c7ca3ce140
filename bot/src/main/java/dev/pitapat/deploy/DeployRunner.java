package dev.pitapat.deploy;

import dev.pitapat.deploy.Outcome.Failure;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Sha;
import dev.pitapat.model.ShutdownGrace;
import dev.pitapat.model.Target;
import dev.pitapat.store.DeployRecords.Standing;
import dev.pitapat.store.Lease;
import dev.pitapat.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The deploy pipeline: accepts requests into durable progress records and runs each in its turn. Nothing waits
 * on a delivery worker: {@link #accept} records the request, puts it in its environment's line and returns; one
 * timer thread looks at the open records every {@code pitapat.deploy.line-poll} (and at once when something
 * changes), takes an environment's lease for the deploy whose turn has come and hands it to a small pool of
 * deploy threads. Records and lines live in the store, so any replica resumes them, after a restart too; a
 * deploy whose replica died is run again when its lease lapses (its deployment id makes that one commit).
 */
final class DeployRunner implements DeployPipeline, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeployRunner.class);
    /** Deploys running at once on this replica (each holds a different environment). */
    static final int THREADS = 4;
    /**
     * A deploy whose turn comes this soon after acceptance, without waiting behind another, keeps what was read
     * then (the requester's permission, the policy): as fresh as the command line's own 10-second cache.
     */
    static final Duration FRESH = Duration.ofSeconds(10);

    /** How long a record may stand half-accepted before any replica takes it as queued. */
    static final Duration ACCEPTING = Duration.ofSeconds(30);

    /** After the delivery workers' stop ({@code DEFAULT_PHASE - 3072}). */
    static final int STOP_PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    /** How often a deploy waiting for an external {@code build-check} asks GitHub again (its webhooks come sooner). */
    static final Duration CHECK_AGAIN = Duration.ofMinutes(2);

    private final ProgressRecords records;
    private final Images images;
    private final Duration buildTimeout;
    private final EnvironmentLine line;
    private final GitOpsTurn turn;
    private final DryRuns dryRuns;
    private final Reporting reporting;
    private final ArgoRefresh refresh;
    private final Follower follower;
    private final DeployProperties settings;
    private final ShutdownGrace grace;
    private final Clock clock;
    private final Set<DeploymentId> running = ConcurrentHashMap.newKeySet();
    /** The holds of the deploys running on this replica, renewed by the timer. */
    private final Map<DeploymentId, HeldTurn> holds = new ConcurrentHashMap<>();

    private final Semaphore wake = new Semaphore(0);
    private final AtomicInteger busy = new AtomicInteger();
    private volatile ExecutorService deploys;
    private volatile Thread timer;
    private volatile boolean started;
    private volatile dev.pitapat.kube.Cluster.Watch buildWatch;
    /** {@code owner/repo@sha} of the checks reported since the last look. */
    private final Set<String> checksReported = ConcurrentHashMap.newKeySet();

    DeployRunner(
            ProgressRecords records,
            EnvironmentLine line,
            GitOpsTurn turn,
            DryRuns dryRuns,
            Reporting reporting,
            ArgoRefresh refresh,
            Follower follower,
            DeployProperties settings,
            Images images,
            Duration buildTimeout,
            ShutdownGrace grace,
            Clock clock) {
        this.images = images;
        this.buildTimeout = buildTimeout;
        this.grace = grace;
        this.records = records;
        this.refresh = refresh;
        this.follower = follower;
        this.line = line;
        this.turn = turn;
        this.dryRuns = dryRuns;
        this.reporting = reporting;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Accepted accept(DeployRequest request) {
        if (request instanceof DeployRequest.Deploy deploy && deploy.dryRun()) {
            return new Accepted.Answered(dryRuns.preview(deploy));
        }
        if ((request instanceof DeployRequest.Promote || request instanceof DeployRequest.Abort)
                && !follower.follows()) {
            return new Accepted.Answered(new Outcome.Refused(new Outcome.Refusal.NoCluster(Words.verb(request))));
        }
        Instant now = clock.instant();
        DeploymentId id = request.ask().id();
        Progress progress = Progress.accepted(request, shaOf(request), now);
        running.add(id); // this replica's timer leaves it alone until it is reported queued
        try {
            if (!records.create(progress)) {
                return new Accepted.Again(records.get(id).orElse(progress));
            }
            Target target = request.ask().target();
            int place = line.join(target, id, settings.maxWait());
            // reported before it is saved with its place: until then no other replica runs it (it looks
            // half-accepted), so the check run and Deployment made here are the ones every later report edits
            Progress waiting = progress.waiting(place, line.holder(target), now);
            Progress queued = reporting.report(progress, waiting);
            records.save(queued, Standing.OPEN);
            return new Accepted.Queued(queued);
        } finally {
            running.remove(id);
            wake.release();
        }
    }

    @Override
    public Optional<Progress> progress(DeploymentId id) {
        return records.get(id);
    }

    /**
     * Kept here and looked at by this replica's next look, which sees every open record: nothing but the runner's
     * look writes a waiting record.
     */
    @Override
    public void checkReported(dev.pitapat.model.RepoRef repo, Sha sha) {
        checksReported.add(repo.fullName() + "@" + sha.value());
        wake.release();
    }

    private static Optional<Sha> shaOf(DeployRequest request) {
        return switch (request) {
            case DeployRequest.Deploy d -> Optional.of(d.sha());
            case DeployRequest.Undeploy u -> Optional.of(u.sha());
            case DeployRequest.Rollback r -> Optional.empty();
            case DeployRequest.Promote p -> Optional.empty();
            case DeployRequest.Abort a -> Optional.empty();
        };
    }

    /**
     * One look: renew the holds of the deploys running here, start those whose turn came, tell the others their
     * place.
     */
    void tick() {
        for (HeldTurn hold : holds.values()) {
            try {
                hold.renewIfDue();
            } catch (StoreUnavailableException e) {
                log.warn("Could not renew a deploy's hold on its environment: {}", e.getMessage());
            }
        }
        Set<String> reported = new java.util.HashSet<>(checksReported);
        checksReported.removeAll(reported);
        List<Progress> open = records.open();
        for (Progress progress : open) {
            DeploymentId id = progress.request().ask().id();
            if (running.contains(id) || progress.stage() == Progress.Stage.FOLLOWING) {
                continue; // a followed record is the follower's (open here only if its hand-over broke off)
            }
            if (progress.stage() == Progress.Stage.BUILDING) {
                lookAtImage(progress, open, reported);
            } else {
                look(progress);
            }
        }
    }

    /**
     * A deploy waiting for its image, out of line: it stops waiting when a newer deploy to its environment was asked
     * for, fails after {@code pitapat.build.timeout}, and goes back in line once its build has finished (or, for an
     * external check, when a check on its sha was reported, or else every {@link #CHECK_AGAIN}), where its turn looks
     * at the image again. What the build shows
     * meanwhile (Argo's progress and message) is reported.
     */
    private void lookAtImage(Progress progress, List<Progress> open, Set<String> checksReported) {
        DeployRequest.Ask ask = progress.request().ask();
        Progress.Building image = progress.building().orElseThrow();
        Instant now = clock.instant();
        Optional<Progress> newer = open.stream()
                .filter(other -> other.request().ask().target().equals(ask.target()))
                .filter(other -> !other.request().ask().id().equals(ask.id()))
                .filter(other -> other.request() instanceof DeployRequest.Deploy
                        || other.request() instanceof DeployRequest.Rollback
                        || other.request() instanceof DeployRequest.Undeploy)
                .filter(other -> other.accepted().isAfter(progress.accepted()))
                .findFirst();
        if (newer.isPresent()) {
            finish(
                    progress,
                    new Outcome.Skipped(new Outcome.Hold.Replaced(
                            newer.get().request().ask().id(), newer.get().sha())));
            return;
        }
        if (!image.since().plus(buildTimeout).isAfter(now)) {
            finish(progress, new Outcome.Failed(new Failure.BuildTimedOut(image.kind(), image.name(), buildTimeout)));
            return;
        }
        boolean again = switch (image.kind()) {
            case BUILD -> {
                watchBuilds();
                Optional<dev.pitapat.kube.BuildState> state = images.buildState(image.name());
                state.ifPresent(shown -> images.reportBuild(ask, progress.sha().orElseThrow(), shown));
                if (state.isPresent() && !state.get().finished()) {
                    Progress.Building seen =
                            image.seen(state.get().progress(), state.get().message(), image.looked());
                    if (!seen.equals(image)) {
                        save(progress, progress.withBuilding(seen, now));
                    }
                    yield false;
                }
                yield true; // finished, or gone: the turn looks (and starts it again if it is gone)
            }
            case CHECK ->
                checksReported.contains(ask.repo().fullName() + "@"
                                + progress.sha().orElseThrow().value())
                        || !image.looked().plus(CHECK_AGAIN).isAfter(now);
        };
        if (again) {
            int place = line.join(ask.target(), ask.id(), settings.maxWait());
            save(
                    progress,
                    progress.withBuilding(image.seen(image.progress(), image.lastWord(), now), now)
                            .waiting(place, line.holder(ask.target()), now));
        }
    }

    /** From when a deploy has waited in line: its acceptance, or its return from waiting for its image. */
    private static Instant inLineSince(Progress progress) {
        return progress.building()
                .map(Progress.Building::looked)
                .filter(back -> back.isAfter(progress.accepted()))
                .orElse(progress.accepted());
    }

    private void look(Progress progress) {
        DeployRequest.Ask ask = progress.request().ask();
        Target target = ask.target();
        if (progress.stage() == Progress.Stage.QUEUED
                && progress.place() == 0
                && progress.accepted().plus(ACCEPTING).isAfter(clock.instant())) {
            return; // another replica is still accepting it (its reports made once, by that replica)
        }
        if (progress.finished()) {
            if (progress.updated().plus(ACCEPTING).isAfter(clock.instant())) {
                return; // its replica is reporting its end
            }
            // ended, but its replica died before reporting the end: reported as the end of its turn
            Progress reported = reporting.report(progress.running(progress.updated()), progress);
            records.save(reported, Standing.DONE);
            return;
        }
        // a turn is taken only for a free deploy thread: a lease taken for a deploy that then waits in the pool's
        // queue would lapse there, unrenewed
        Optional<Lease> lease = busy.get() < THREADS ? line.tryTurn(target, ask.id()) : Optional.empty();
        if (lease.isPresent()) {
            running.add(ask.id());
            busy.incrementAndGet();
            HeldTurn hold = new HeldTurn(lease.get(), line, settings.lease(), clock);
            holds.put(ask.id(), hold);
            try {
                deploys.execute(() -> {
                    try {
                        run(progress, hold);
                    } finally {
                        holds.remove(ask.id());
                        busy.decrementAndGet();
                    }
                });
            } catch (RuntimeException e) { // stopping: the lease lapses and the deploy is resumed
                holds.remove(ask.id());
                running.remove(ask.id());
                busy.decrementAndGet();
                throw e;
            }
            return;
        }
        Optional<String> holder = line.holder(target);
        if (holder.filter(ask.id().value()::equals).isPresent()) {
            return; // running elsewhere, or its replica died and the lease has not lapsed yet
        }
        Instant now = clock.instant();
        Duration left = Duration.between(now, inLineSince(progress).plus(settings.maxWait()));
        if (progress.stage() == Progress.Stage.QUEUED && left.isNegative()) {
            line.leave(target, ask.id());
            finish(progress, new Outcome.Failed(new Failure.GaveUpWaiting(settings.maxWait())));
            return;
        }
        int place = line.placeOf(target, ask.id());
        if (place == 0) { // its place lapsed, or its replica died while it ran: back in line
            place = line.join(target, ask.id(), left.isNegative() ? settings.lease() : left);
        }
        if (progress.stage() == Progress.Stage.QUEUED
                && (place != progress.place() || !holder.equals(progress.behind()))) {
            save(progress, progress.waiting(place, holder, now));
        }
    }

    /**
     * A turn resumed after its replica stalled or died (the record was running): when the environment's folder
     * now holds a deployment accepted after this one, that newer deployment went ahead meanwhile, and this older
     * one is not committed over it.
     */
    private Optional<Outcome> supersededWhileStalled(Progress resumed) {
        if (resumed.request() instanceof DeployRequest.Promote) {
            return Optional.empty(); // commits nothing
        }
        DeployRequest.Ask ask = resumed.request().ask();
        return turn.latestIn(ask.target())
                .filter(latest -> !latest.deployment().equals(ask.id()))
                .flatMap(latest -> records.get(latest.deployment())
                        .filter(newer -> newer.accepted().isAfter(resumed.accepted()))
                        .map(newer -> new Outcome.Skipped(new Outcome.Hold.Superseded(
                                latest.deployment(), latest.source().sha()))));
    }

    /** The deploy's turn, on a deploy thread, with its environment held. */
    private void run(Progress seen, HeldTurn hold) {
        Lease lease = hold.lease();
        // read again: the look saw the record before its lease was taken, and its acceptance may have noted
        // the reports it made since
        Progress queued = records.get(seen.request().ask().id()).orElse(seen);
        DeployRequest.Ask ask = queued.request().ask();
        if (queued.finished() || queued.stage() == Progress.Stage.FOLLOWING) { // another replica ran it meanwhile
            line.release(lease);
            running.remove(ask.id());
            return;
        }
        Progress start = queued.running(clock.instant());
        if (queued.request() instanceof DeployRequest.Rollback && queued.urls().isEmpty()) {
            // a rollback reads no config: the environment's address is the one its last deploy had
            Optional<Progress.Urls> urls =
                    records.lastSucceeded(ask.repo(), ask.target(), ask.id()).flatMap(Progress::urls);
            if (urls.isPresent()) {
                start = start.withUrls(urls.get());
            }
        }
        Progress[] current = {save(queued, start)};
        List<Duration> promotionTimeout = new ArrayList<>(1);
        try {
            // resumed after its replica stalled, or back from waiting for its image: a newer deployment may have
            // reached the environment meanwhile
            Optional<Outcome> superseded = queued.stage() == Progress.Stage.RUNNING
                            || queued.building().isPresent()
                    ? supersededWhileStalled(queued)
                    : Optional.empty();
            if (superseded.isPresent()) {
                finish(current[0], superseded.get());
                return;
            }
            boolean waited =
                    Words.waiting(queued) || queued.accepted().plus(FRESH).isBefore(clock.instant());
            GitOpsTurn.Turn ended = turn.run(
                    queued.request(),
                    new GitOpsTurn.Steps() {
                        @Override
                        public void addressed(Progress.Urls urls, Optional<Duration> timeout) {
                            timeout.ifPresent(promotionTimeout::add);
                            current[0] = save(current[0], current[0].withUrls(urls));
                        }

                        @Override
                        public void deploying(Sha sha, boolean earlier) {
                            current[0] =
                                    save(current[0], current[0].withSha(sha).withEarlier(earlier));
                        }

                        @Override
                        public void done(Progress.StepName step) {
                            current[0] = save(current[0], current[0].step(step, clock.instant()));
                        }

                        @Override
                        public boolean stillHeld() {
                            return hold.renew();
                        }
                    },
                    waited,
                    queued.building());
            if (ended instanceof GitOpsTurn.Turn.AwaitsImage awaits) {
                log.info(
                        "{} of {} waits for its image ({} {})",
                        ask.id().value(),
                        ask.target(),
                        awaits.building().kind() == Progress.Building.Kind.BUILD ? "build" : "check",
                        awaits.building().name());
                current[0] = save(current[0], current[0].awaiting(awaits.building(), clock.instant()));
                return;
            }
            Outcome outcome = ((GitOpsTurn.Turn.Ended) ended).outcome();
            if (outcome instanceof Outcome.Failed && !started) {
                // interrupted by the stop at the end of the grace: handed back, the replica that resumes it reports
                log.warn(
                        "{} of {} was interrupted by the stop; it is handed back",
                        ask.id().value(),
                        ask.target());
                return;
            }
            if (outcome instanceof Outcome.Failed failed && failed.failure() instanceof Failure.LeaseLapsed) {
                // another replica may hold the environment now: the record is left to whichever replica resumes
                // it, which reports its end once
                log.warn(
                        "{} of {}: its hold on the environment lapsed before the commit (this replica stalled or lost"
                                + " the store); nothing was committed, and the replica that resumes it reports it",
                        ask.id().value(),
                        ask.target());
                return;
            }
            refresh.afterCommit(ask.target(), outcome);
            Optional<Following> follow = follower.begin(
                    current[0], outcome, promotionTimeout.stream().findFirst());
            if (follow.isPresent()) {
                handOver(current[0], outcome, follow.get());
            } else {
                finish(current[0], outcome);
            }
        } catch (StoreUnavailableException e) {
            log.warn(
                    "{} of {}: the store failed ({}); it is resumed when the store is back",
                    ask.id().value(),
                    ask.target(),
                    e.getMessage());
        } catch (RuntimeException e) {
            if (!started) {
                log.warn(
                        "{} of {} was interrupted by the stop ({}); it is handed back",
                        ask.id().value(),
                        ask.target(),
                        e.toString());
                return;
            }
            log.error("{} of {} failed", ask.id().value(), ask.target(), e);
            finish(
                    current[0],
                    new Outcome.Failed(new Failure.Unexpected(e.getClass().getSimpleName())));
        } finally {
            line.release(lease);
            line.leave(ask.target(), ask.id()); // a place another replica gave it back while it ran
            running.remove(ask.id());
            wake.release();
        }
    }

    /** Committed, with a cluster to follow: the record goes to the follower, reported as following. */
    private void handOver(Progress progress, Outcome outcome, Following follow) {
        DeployRequest.Ask ask = progress.request().ask();
        log.info(
                "{} {} of {} by @{}: {}; following it in the cluster",
                Words.verb(progress.request()),
                ask.id().value(),
                ask.target(),
                ask.requestedBy(),
                outcome.getClass().getSimpleName());
        Progress following = progress.following(outcome, follow, clock.instant());
        save(progress, following, Standing.FOLLOWED);
        records.beganFollowing(following);
        follower.wake();
    }

    private void finish(Progress progress, Outcome outcome) {
        DeployRequest.Ask ask = progress.request().ask();
        log.info(
                "{} {} of {} by @{}: {}",
                Words.verb(progress.request()),
                ask.id().value(),
                ask.target(),
                ask.requestedBy(),
                outcome.getClass().getSimpleName());
        Progress finished = progress.finished(outcome, clock.instant());
        // open until its end is reported: a replica that dies now leaves it to another
        records.save(finished, Standing.OPEN);
        Progress reported = reporting.report(progress, finished);
        records.save(reported, Standing.DONE);
    }

    /** Stores the new state, reports it, and stores what the reporters made. */
    private Progress save(Progress before, Progress now) {
        return save(before, now, now.finished() ? Standing.DONE : Standing.OPEN);
    }

    private Progress save(Progress before, Progress now, Standing standing) {
        records.save(now, standing);
        Progress reported = reporting.report(before, now);
        if (!reported.reports().equals(now.reports())) {
            records.save(reported, standing);
        }
        return reported;
    }

    private void loop() {
        while (started) {
            try {
                wake.tryAcquire(settings.linePoll().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                tick();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) { // the store is down, say: look again next time
                log.warn("Looking at the deploy lines failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public void start() {
        started = true;
        deploys = Executors.newFixedThreadPool(
                THREADS, Thread.ofPlatform().name("pitapat-deploy-", 0).daemon().factory());
        timer = Thread.ofPlatform().name("pitapat-deploy-line").daemon().start(this::loop);
    }

    /**
     * The builds' watch, started the first time a deploy waits for a build: a cluster without Argo Workflows is not
     * watched (nor warned about) until an app asks for {@code build: argo-workflows}.
     */
    private synchronized void watchBuilds() {
        if (buildWatch == null && started) {
            buildWatch = images.watch(wake::release); // a build that moves on wakes the line's look
        }
    }

    /** Stops after the delivery workers (which may still accept deploys while they finish), before the follower. */
    @Override
    public int getPhase() {
        return STOP_PHASE;
    }

    /**
     * Takes no new turn; deploys running finish within {@code pitapat.shutdown-grace} of the stop being asked.
     * Those still running then are interrupted and handed back: their records stay open and their environments
     * are let go, so another replica resumes them at once. The log says which.
     */
    @Override
    public void stop() {
        started = false;
        timer.interrupt();
        synchronized (this) {
            if (buildWatch != null) {
                buildWatch.close();
                buildWatch = null;
            }
        }
        deploys.shutdown();
        try {
            Duration left = Duration.between(Instant.now(), grace.deadline(Clock.systemUTC()));
            boolean finished = deploys.awaitTermination(Math.max(0, left.toNanos()), TimeUnit.NANOSECONDS);
            List<String> unfinished =
                    holds.keySet().stream().map(DeploymentId::value).sorted().toList();
            if (finished) {
                log.info("Deploy runner stopped: every deploy in flight finished");
                return;
            }
            deploys.shutdownNow();
            deploys.awaitTermination(5, TimeUnit.SECONDS);
            log.warn(
                    "Deploy runner stopped with {} deploys unfinished after pitapat.shutdown-grace ({}): {}; their"
                            + " environments were let go, so a replica on the same store resumes them",
                    unfinished.size(),
                    grace.grace(),
                    unfinished);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deploys.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
