package dev.pitapat.webhook;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;

/**
 * How fast webhooks are arriving. In a burst ({@code pitapat.queue.burst-rate}) intake comes first: the
 * delivery workers start few deliveries ({@link DeliveryWorkers}), so the bot's cores go to storing and answering webhooks within
 * GitHub's 10 seconds; what arrives waits, stored, and is worked off as the burst passes.
 */
@Component
class IntakePressure {

    private final AtomicLong arrivals = new AtomicLong();
    private final LongSupplier nanoTime;
    private long lastArrivals;
    private long lastAt;
    private boolean inBurst;

    /** The shortest span a rate is measured over: 100 ms. */
    static final long WINDOW_NANOS = 100_000_000L;

    IntakePressure() {
        this(System::nanoTime);
    }

    IntakePressure(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lastAt = nanoTime.getAsLong();
    }

    /** One webhook arrived. */
    void arrived() {
        arrivals.incrementAndGet();
    }

    /**
     * Whether webhooks arrive in a burst: from {@code perSecond} a second, until they slow to half of it (so a
     * rate near the threshold does not flap), measured over at least {@link #WINDOW_NANOS}. One asker: the
     * workers' poller.
     */
    synchronized boolean burst(long perSecond) {
        long now = nanoTime.getAsLong();
        long elapsed = now - lastAt;
        if (elapsed < WINDOW_NANOS) {
            return inBurst;
        }
        long count = arrivals.get();
        long perSecondNow = (count - lastArrivals) * 1_000_000_000L / elapsed;
        inBurst = inBurst ? perSecondNow * 2 >= perSecond : perSecondNow >= perSecond;
        lastArrivals = count;
        lastAt = now;
        return inBurst;
    }
}
