package dev.pitapat.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The durable queue of webhook deliveries and their records. Implementations: {@link RedisDeliveryQueue}
 * (shared by replicas, durable with Redis persistence) and {@link InMemoryDeliveryQueue} (the embedded
 * default, one replica). Both pass the same contract tests.
 *
 * <p>A delivery is handed to one worker at a time. A worker that stops calling {@link #keepAlive} for
 * longer than the claim timeout is taken for dead, and its deliveries are claimed again by whichever worker
 * asks next, with their attempt counts.
 */
public interface DeliveryQueue {

    /**
     * Starts storing the delivery durably unless one with the same id was stored within the retention period,
     * and returns at once: the answer completes when the store has answered, or exceptionally with a
     * {@link StoreUnavailableException} when it cannot take it (then nothing was stored). A caller that stops
     * waiting leaves the offer going on: the store may still keep the delivery.
     */
    CompletableFuture<Offer> offerAsync(Delivery delivery);

    /**
     * Stores the delivery and waits for the store's answer.
     *
     * @throws StoreUnavailableException when the store cannot take it; nothing was stored
     */
    default Offer offer(Delivery delivery) {
        try {
            return offerAsync(delivery).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /**
     * Up to {@code max} deliveries for this worker: new ones, or ones whose worker stopped keeping them
     * alive. Waits up to {@code wait} when there are none.
     */
    List<Claim> claim(int max, Duration wait) throws InterruptedException;

    /** Tells the store these claims are still being worked on. */
    void keepAlive(Collection<Claim> claims);

    /**
     * Gives back claims this replica will not finish (it is stopping): another worker may take them at once,
     * without waiting for the claim timeout.
     */
    void handBack(Collection<Claim> claims);

    /** Whether deliveries outlive this process (Redis), or end with it (in memory). */
    boolean durable();

    /** Records a failed attempt and its reason; returns the number of failed attempts so far. */
    int recordFailure(Claim claim, String error);

    /** The delivery was handled: it leaves the queue and its record says done. */
    void complete(Claim claim);

    /** The delivery failed for good: it leaves the queue and its record keeps the reason. */
    void fail(Claim claim, String error);

    /** Nothing can act on the delivery: it leaves the queue untried, and its record says why. */
    void setAside(Claim claim, String reason);

    Optional<DeliveryRecord> record(String deliveryId);

    /** The most recently received deliveries, newest first. */
    List<DeliveryRecord> recent(int limit);

    /** Deliveries stored and not yet done or failed. */
    long depth();

    StoreHealth health();
}
