package dev.pitapat.burst;

import dev.pitapat.store.CapacityLog;
import dev.pitapat.store.Leases;
import dev.pitapat.store.StoreUnavailableException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a look at capacity every {@code interval} on its own thread, on the one replica that holds the store's lease
 * {@value #LEASE}: it reads the memory the previous decider kept, looks, reports, and keeps the memory again. The
 * lease outlasts a look (which may wait on Compute); a replica that dies holding it is replaced within
 * {@link Bursting#leaseTtl}. Off unless {@code pitapat.burst.enabled}.
 */
final class BurstSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BurstSchedule.class);

    /** The store lease of the replica that decides. */
    static final String LEASE = "burst-decider";

    /** How many reports the store keeps for the status page. */
    static final int KEEP = 200;

    private final BurstProperties properties;
    private final Bursting bursting;
    private final CapacityReporter reporter;
    private final CapacityLog store;
    private final Leases leases;
    private final String me = "burst-" + UUID.randomUUID();
    private final Duration ttl;
    private volatile ScheduledExecutorService thread;
    private boolean deciding;

    BurstSchedule(
            BurstProperties properties,
            Bursting bursting,
            CapacityReporter reporter,
            CapacityLog store,
            Leases leases) {
        this.properties = properties;
        this.bursting = bursting;
        this.reporter = reporter;
        this.store = store;
        this.leases = leases;
        this.ttl = Bursting.leaseTtl(properties.interval());
    }

    /** One look, if this replica decides; never throws. */
    void tick() {
        try {
            if (!leases.hold(LEASE, me, ttl)) {
                if (deciding) {
                    log.info("Another replica decides about capacity now");
                    deciding = false;
                    reporter.standBy();
                }
                return;
            }
            if (!deciding) {
                log.info(
                        "Deciding about capacity from this replica: every {}, {} ({})",
                        CapacityWords.duration(properties.interval()),
                        properties.groupName(),
                        properties.dryRun() ? "dry run: nothing is changed" : "acting");
                deciding = true;
            }
            BurstMemory memory = store.memory().map(BurstMemory::of).orElse(BurstMemory.START);
            Bursting.Look look = bursting.look(memory.policy());
            store.append(CapacityReports.json(look.report()), KEEP);
            var runs = reporter.report(look.report(), memory.runs());
            store.remember(new BurstMemory(look.memory(), runs).json());
        } catch (StoreUnavailableException e) {
            log.warn("Capacity was not looked at: the store failed ({})", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("A look at capacity failed ({}); trying again in {}", e.toString(), properties.interval());
        }
    }

    @Override
    public void start() {
        if (!properties.enabled() || thread != null) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("burst").daemon().factory());
        executor.scheduleWithFixedDelay(this::tick, 0, properties.interval().toMillis(), TimeUnit.MILLISECONDS);
        thread = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = thread;
        thread = null;
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (deciding) {
                try {
                    leases.release(LEASE, me);
                } catch (StoreUnavailableException e) {
                    log.warn("The capacity lease was not given up ({}); it lapses by itself", e.getMessage());
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
