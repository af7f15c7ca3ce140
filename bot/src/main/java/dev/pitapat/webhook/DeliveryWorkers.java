package dev.pitapat.webhook;

import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubNotConfiguredException;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.SecretRedactor;
import dev.pitapat.model.ShutdownGrace;
import dev.pitapat.store.Claim;
import dev.pitapat.store.Delivery;
import dev.pitapat.store.DeliveryQueue;
import dev.pitapat.store.DeliveryStatus;
import dev.pitapat.store.QueueProperties;
import dev.pitapat.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Works deliveries off the queue, off the request thread: at most {@code pitapat.queue.workers} at once,
 * on as many platform threads of its own. A handler that throws is tried again after a growing backoff, up to
 * {@code max-attempts}, then recorded as failed with its reason. Claims are kept alive while handlers run,
 * so another replica takes a delivery over only when this one has died.
 */
@Component
class DeliveryWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);
    /** Longest blocking read; shorter than the Redis client's read timeout. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private static final Duration MAX_PAUSE = Duration.ofSeconds(10);
    /**
     * After the web server's graceful stop ({@code DEFAULT_PHASE - 1024}) and its stop ({@code - 2048}), so that no
     * delivery arrives once the workers stop; before the deploy runner ({@code - 4096}).
     */
    static final int STOP_PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

    private static final int MAX_ERROR_LENGTH = 500;

    /** Deliveries claimed at a time during a burst of webhooks. */
    static final int BURST_CLAIM = 4;

    private final DeliveryQueue queue;
    private final EventRouter router;
    private final QueueProperties properties;
    private final IntakeMetrics metrics;
    private final GitHubGateway github;
    private final List<String> secrets;
    private final Semaphore slots;
    private final Set<Claim> inFlight = ConcurrentHashMap.newKeySet();
    /** Claims whose handler returned without settling them because the workers were stopping. */
    private final Set<Claim> stoppedWithout = ConcurrentHashMap.newKeySet();

    private final ShutdownGrace grace;
    private volatile ExecutorService handlers;
    private volatile Thread poller;
    private volatile Thread keeper;
    private volatile boolean running;
    private final IntakePressure pressure;
    /** The poller's own: whether the last poll was in a burst. */
    private boolean inBurst;
    /** Between claims during a burst: {@link #BURST_CLAIM} deliveries per pause make {@code burst-starts} a second. */
    private final Duration burstPause;

    DeliveryWorkers(
            DeliveryQueue queue,
            EventRouter router,
            QueueProperties properties,
            IntakeMetrics metrics,
            WebhookProperties webhook,
            GitHubGateway github,
            ShutdownGrace grace,
            IntakePressure pressure) {
        this.grace = grace;
        this.pressure = pressure;
        this.burstPause = Duration.ofNanos(1_000_000_000L * BURST_CLAIM / properties.burstStarts());
        this.queue = queue;
        this.router = router;
        this.properties = properties;
        this.metrics = metrics;
        this.github = github;
        this.secrets = webhook.secrets();
        this.slots = new Semaphore(properties.workers());
    }

    @Override
    public void start() {
        running = true;
        handlers = Executors.newFixedThreadPool(
                properties.workers(),
                Thread.ofPlatform().name("pitapat-worker-", 0).daemon().factory());
        poller = Thread.ofPlatform().name("pitapat-queue-poller").daemon().start(this::poll);
        keeper = Thread.ofPlatform().name("pitapat-queue-keepalive").daemon().start(this::keepClaimsAlive);
    }

    /** Stops after the web server stopped taking deliveries, before the deploy runner. */
    @Override
    public int getPhase() {
        return STOP_PHASE;
    }

    /**
     * Stops within {@code pitapat.shutdown-grace} of the stop being asked: with the in-memory store, deliveries
     * still waiting are worked off first (they would end with the process); then no new delivery is claimed,
     * handlers in flight finish, and those still running at the deadline are interrupted and handed back to the
     * store, so another replica takes them at once. The log says which.
     */
    @Override
    public void stop() {
        Instant deadline = grace.deadline(Clock.systemUTC());
        try {
            if (!queue.durable()) {
                drainBefore(deadline);
            }
            running = false;
            poller.interrupt();
            poller.join(Duration.ofSeconds(5));
            handlers.shutdown();
            boolean finished = handlers.awaitTermination(untilDeadline(deadline), TimeUnit.NANOSECONDS);
            List<Claim> unfinished = List.copyOf(inFlight);
            if (!finished) {
                handlers.shutdownNow();
                handlers.awaitTermination(5, TimeUnit.SECONDS);
            }
            handBack(unfinished);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            keeper.interrupt();
        }
    }

    /** Lets the workers go on until nothing waits in the (in-memory) queue, or until the deadline. */
    private void drainBefore(Instant deadline) throws InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            try {
                if (queue.depth() == 0) {
                    return;
                }
            } catch (StoreUnavailableException e) {
                return;
            }
            Thread.sleep(50);
        }
        long left = queue.depth();
        if (left > 0) {
            log.warn(
                    "Stopping with {} deliveries of the in-memory store not handled within pitapat.shutdown-grace"
                            + " ({}); they end with this process: redeliver them from the App's Advanced settings",
                    left,
                    grace.grace());
        }
    }

    private void handBack(List<Claim> unfinished) {
        Set<Claim> back = new LinkedHashSet<>(unfinished);
        back.addAll(stoppedWithout);
        if (back.isEmpty()) {
            log.info("Delivery workers stopped: every delivery in flight finished");
            return;
        }
        List<String> ids = back.stream().map(c -> c.delivery().id()).toList();
        try {
            queue.handBack(back);
            log.warn(
                    "Delivery workers stopped with {} deliveries unfinished after pitapat.shutdown-grace ({}): {}; {}",
                    back.size(),
                    grace.grace(),
                    ids,
                    queue.durable()
                            ? "handed back to the store, another replica takes them at once"
                            : "they end with this process (in-memory store): redeliver them from the App's Advanced"
                                    + " settings");
        } catch (StoreUnavailableException e) {
            log.warn(
                    "Delivery workers stopped with {} deliveries unfinished ({}); the store could not take them back"
                            + " ({}), so another replica takes them after pitapat.queue.claim-timeout",
                    back.size(),
                    ids,
                    e.getMessage());
        }
    }

    private static long untilDeadline(Instant deadline) {
        return Math.max(0, Duration.between(Instant.now(), deadline).toNanos());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void poll() {
        Duration pause = Duration.ofMillis(100);
        while (running) {
            try {
                slots.acquire();
                int wanted = 1 + slots.drainPermits();
                boolean burst = burst();
                if (burst && wanted > BURST_CLAIM) {
                    slots.release(wanted - BURST_CLAIM);
                    wanted = BURST_CLAIM;
                }
                List<Claim> claims;
                try {
                    claims = queue.claim(wanted, POLL);
                } catch (InterruptedException | RuntimeException e) {
                    slots.release(wanted);
                    throw e;
                }
                slots.release(wanted - claims.size()); // slots not used by a claim go back at once
                for (Claim claim : claims) {
                    inFlight.add(claim);
                    handlers.execute(() -> {
                        try {
                            if (!process(claim) && !running) {
                                stoppedWithout.add(claim);
                            }
                        } finally {
                            inFlight.remove(claim);
                            slots.release();
                        }
                    });
                }
                pause = Duration.ofMillis(100);
                if (burst && !pauseFor(burstPause)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (StoreUnavailableException e) {
                log.warn("Cannot read deliveries ({}); trying again in {} ms", e.getMessage(), pause.toMillis());
                if (!pauseFor(pause)) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            } catch (RuntimeException e) {
                log.error("Unexpected failure while polling deliveries; polling goes on", e);
                pauseFor(pause);
            }
        }
    }

    /**
     * Whether webhooks arrive at {@code pitapat.queue.burst-rate} or faster: then intake comes first, and the
     * poller claims {@link #BURST_CLAIM} deliveries at a time, {@code burst-starts} a second. Said in the log
     * when a burst begins and when it ends.
     */
    private boolean burst() {
        boolean burst = properties.burstRate() > 0 && pressure.burst(properties.burstRate());
        if (burst != inBurst) {
            inBurst = burst;
            if (burst) {
                log.info(
                        "Webhooks arrive at {} a second or more: intake comes first, the workers start {} deliveries"
                                + " a second until it passes (pitapat.queue.burst-rate, burst-starts); the rest wait"
                                + " stored",
                        properties.burstRate(),
                        properties.burstStarts());
            } else {
                log.info("The burst of webhooks passed: the workers take deliveries at full speed again");
            }
        }
        return burst;
    }

    private void keepClaimsAlive() {
        Duration every = properties.claimTimeout().dividedBy(3);
        while (running && pauseFor(every)) {
            try {
                queue.keepAlive(List.copyOf(inFlight));
            } catch (StoreUnavailableException e) {
                log.warn("Could not keep {} deliveries claimed: {}", inFlight.size(), e.getMessage());
            }
        }
    }

    /** Handles the claim; true when it was settled (done, failed or set aside), false when it was left claimed. */
    boolean process(Claim claim) {
        var delivery = claim.delivery();
        MDC.put("delivery", delivery.id());
        MDC.put("event", delivery.event());
        MDC.put("repo", delivery.repo());
        try {
            if (claim.status() == DeliveryStatus.DONE
                    || claim.status() == DeliveryStatus.FAILED
                    || claim.status() == DeliveryStatus.UNACTIONABLE) {
                queue.complete(claim); // finished before a crash lost the acknowledgement
                return true;
            }
            Optional<String> unactionable = unactionable(delivery);
            if (unactionable.isPresent()) {
                setAside(claim, unactionable.get());
                return true;
            }
            int failed = claim.attempts();
            while (running) {
                long start = System.nanoTime();
                try {
                    router.route(delivery);
                    metrics.handlerTimer(delivery.event()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    queue.complete(claim);
                    metrics.count(delivery.event(), "processed");
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (GitHubNotConfiguredException e) {
                    setAside(claim, noApp(delivery));
                    return true;
                } catch (UnusablePayloadException e) {
                    setAside(claim, "not handled: " + e.getMessage());
                    return true;
                } catch (StoreUnavailableException e) {
                    log.warn(
                            "Delivery {} handled but not recorded as done ({}); it will run again",
                            delivery.id(),
                            e.getMessage());
                    return false;
                } catch (Exception | StackOverflowError e) {
                    // a handler's StackOverflowError counts as a failed attempt: uncaught, it would end the worker
                    // thread and leave the delivery to be claimed again, uncounted, for ever
                    metrics.handlerTimer(delivery.event()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    Optional<Instant> rateLimited = GitHubException.rateLimitedUntil(e);
                    if (rateLimited.isPresent()) {
                        if (!waitOutRateLimit(delivery, rateLimited.get(), e)) {
                            return false;
                        }
                        continue;
                    }
                    String reason = describe(e);
                    failed = queue.recordFailure(claim, reason);
                    if (failed >= properties.maxAttempts()) {
                        queue.fail(claim, reason);
                        metrics.count(delivery.event(), "failed");
                        log.error(
                                "Delivery {} ({} {}) failed after {} attempts: {}",
                                delivery.id(),
                                delivery.event(),
                                delivery.action(),
                                failed,
                                reason);
                        return true;
                    }
                    Duration wait = properties.backoffAfter(failed);
                    metrics.count(delivery.event(), "retried");
                    log.warn(
                            "Delivery {} ({} {}) failed (attempt {} of {}): {}; next attempt in {}",
                            delivery.id(),
                            delivery.event(),
                            delivery.action(),
                            failed,
                            properties.maxAttempts(),
                            reason,
                            wait);
                    if (!pauseWhileRunning(wait)) {
                        return false;
                    }
                }
            }
            return false; // stopping: left claimed, handed back
        } catch (StoreUnavailableException e) {
            log.warn(
                    "Lost the store while handling delivery {} ({}); it will be taken up again",
                    delivery.id(),
                    e.getMessage());
            return false;
        } finally {
            MDC.clear();
        }
    }

    /**
     * Why no handler can act on the delivery, if so: it needs GitHub, and names no repository, or one that no App
     * (nor the local stand-in) serves. A delivery that lists its repositories (an installation) is handled: its
     * handler skips each that no App serves.
     */
    private Optional<String> unactionable(Delivery delivery) {
        if (!router.needsGitHub(delivery) || !router.namesItsRepository(delivery)) {
            return Optional.empty();
        }
        RepoRef repo;
        try {
            repo = RepoRef.parse(delivery.repo());
        } catch (IllegalArgumentException notARepository) {
            return Optional.of("not handled: its payload names no repository (repository.full_name is missing or"
                    + " not owner/name), so there is nothing on GitHub to read or answer; GitHub's own deliveries"
                    + " of " + delivery.event() + " always name one");
        }
        return github.actsOn(repo) ? Optional.empty() : Optional.of(noApp(delivery));
    }

    private static String noApp(Delivery delivery) {
        return "not handled: no GitHub App is configured, so pitapat cannot read or answer " + delivery.repo()
                + "; set pitapat.github.app-id and pitapat.github.private-key, then redeliver it from the App's"
                + " Advanced settings";
    }

    private void setAside(Claim claim, String reason) {
        var delivery = claim.delivery();
        queue.setAside(claim, reason);
        metrics.count(delivery.event(), "unactionable");
        log.warn("Delivery {} ({} {}) {}", delivery.id(), delivery.event(), delivery.action(), reason);
    }

    /** What failed, in one line, without secrets. */
    private String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            text.append(": ").append(e.getMessage());
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            text.append(" (caused by ").append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage());
            }
            text.append(')');
        }
        String oneLine = SecretRedactor.redact(text.toString(), secrets).replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_ERROR_LENGTH ? oneLine : oneLine.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }

    /**
     * GitHub's rate limit stopped the handler: it runs again at the time GitHub named, not after the backoff, and
     * the attempt does not count toward {@code max-attempts}: the work is kept however long the limit holds. False
     * as soon as the workers are stopping (the delivery is handed back).
     */
    private boolean waitOutRateLimit(Delivery delivery, Instant until, Throwable e) {
        metrics.count(delivery.event(), "rate_limited");
        log.warn(
                "Delivery {} ({} {}) met GitHub's rate limit: {}; next attempt at {} (not counted as a failed attempt)",
                delivery.id(),
                delivery.event(),
                delivery.action(),
                describe(e),
                until);
        return pauseWhileRunning(Duration.between(Instant.now(), until));
    }

    /** Waits out a backoff; false as soon as the workers are stopping (the delivery is handed back). */
    private boolean pauseWhileRunning(Duration duration) {
        Instant until = Instant.now().plus(duration);
        while (running && Instant.now().isBefore(until)) {
            if (!pauseFor(Duration.ofMillis(
                    Math.min(100, Duration.between(Instant.now(), until).toMillis() + 1)))) {
                return false;
            }
        }
        return running;
    }

    private static boolean pauseFor(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
