package dev.pitapat.webhook;

import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubNotConfiguredException;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.SecretRedactor;
import dev.pitapat.store.Claim;
import dev.pitapat.store.Delivery;
import dev.pitapat.store.DeliveryQueue;
import dev.pitapat.store.DeliveryStatus;
import dev.pitapat.store.QueueProperties;
import dev.pitapat.store.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
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
 * each on a virtual thread. A handler that throws is tried again after a growing backoff, up to
 * {@code max-attempts}, then recorded as failed with its reason. Claims are kept alive while handlers run,
 * so another replica takes a delivery over only when this one has died.
 */
@Component
class DeliveryWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);
    /** Longest blocking read; shorter than the Redis client's read timeout. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private static final Duration MAX_PAUSE = Duration.ofSeconds(10);
    private static final int MAX_ERROR_LENGTH = 500;

    private final DeliveryQueue queue;
    private final EventRouter router;
    private final QueueProperties properties;
    private final IntakeMetrics metrics;
    private final GitHubGateway github;
    private final List<String> secrets;
    private final Semaphore slots;
    private final Set<Claim> inFlight = ConcurrentHashMap.newKeySet();
    private volatile ExecutorService handlers;
    private volatile Thread poller;
    private volatile Thread keeper;
    private volatile boolean running;

    DeliveryWorkers(
            DeliveryQueue queue,
            EventRouter router,
            QueueProperties properties,
            IntakeMetrics metrics,
            WebhookProperties webhook,
            GitHubGateway github) {
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

    @Override
    public void stop() {
        running = false;
        poller.interrupt();
        keeper.interrupt();
        handlers.shutdownNow(); // unfinished deliveries stay claimed and are taken over after the claim timeout
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
            poller.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
                            process(claim);
                        } finally {
                            inFlight.remove(claim);
                            slots.release();
                        }
                    });
                }
                pause = Duration.ofMillis(100);
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

    void process(Claim claim) {
        var delivery = claim.delivery();
        MDC.put("delivery", delivery.id());
        MDC.put("event", delivery.event());
        MDC.put("repo", delivery.repo());
        try {
            if (claim.status() == DeliveryStatus.DONE
                    || claim.status() == DeliveryStatus.FAILED
                    || claim.status() == DeliveryStatus.UNACTIONABLE) {
                queue.complete(claim); // finished before a crash lost the acknowledgement
                return;
            }
            if (noAppFor(delivery)) {
                setAside(claim);
                return;
            }
            int failed = claim.attempts();
            while (running) {
                long start = System.nanoTime();
                try {
                    router.route(delivery);
                    metrics.handlerTimer(delivery.event()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    queue.complete(claim);
                    metrics.count(delivery.event(), "processed");
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (GitHubNotConfiguredException e) {
                    setAside(claim);
                    return;
                } catch (StoreUnavailableException e) {
                    log.warn(
                            "Delivery {} handled but not recorded as done ({}); it will run again",
                            delivery.id(),
                            e.getMessage());
                    return;
                } catch (Exception e) {
                    metrics.handlerTimer(delivery.event()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
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
                        return;
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
                    if (!pauseFor(wait)) {
                        return;
                    }
                }
            }
        } catch (StoreUnavailableException e) {
            log.warn(
                    "Lost the store while handling delivery {} ({}); it will be taken up again",
                    delivery.id(),
                    e.getMessage());
        } finally {
            MDC.clear();
        }
    }

    /** Whether the delivery needs GitHub for a repository no App (nor the local stand-in) serves. */
    private boolean noAppFor(Delivery delivery) {
        if (delivery.repo().isEmpty() || !router.needsGitHub(delivery)) {
            return false;
        }
        try {
            return !github.actsOn(RepoRef.parse(delivery.repo()));
        } catch (IllegalArgumentException notARepository) {
            return false;
        }
    }

    private void setAside(Claim claim) {
        var delivery = claim.delivery();
        String reason = "not handled: no GitHub App is configured, so pitapat cannot read or answer "
                + delivery.repo() + "; set pitapat.github.app-id and pitapat.github.private-key, then redeliver it"
                + " from the App's Advanced settings";
        queue.setAside(claim, reason);
        metrics.count(delivery.event(), "unactionable");
        log.warn("Delivery {} ({} {}) {}", delivery.id(), delivery.event(), delivery.action(), reason);
    }

    /** What failed, in one line, without secrets. */
    private String describe(Exception e) {
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
