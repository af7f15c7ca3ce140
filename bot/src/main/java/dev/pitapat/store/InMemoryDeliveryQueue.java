package dev.pitapat.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded default: deliveries live in this process and are lost with it. Good for one replica and
 * for trying pitapat out; the health details say so.
 */
final class InMemoryDeliveryQueue implements DeliveryQueue {

    /** Records kept at most, whatever the retention, so memory stays bounded. */
    static final int MAX_RECORDS = 100_000;

    /**
     * Payload bytes waiting or in hand at most: past it, intake answers 503 (GitHub's delivery can be
     * redelivered) rather than letting the heap run out. One delivery alone is always taken, up to GitHub's
     * 25 MiB cap that intake enforces, so a valid delivery larger than this is never refused for good.
     */
    static final long MAX_QUEUED_BYTES = 16L * 1024 * 1024;

    private final QueueProperties properties;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private final Deque<String> waiting = new ArrayDeque<>();
    private final Map<String, Instant> inFlight = new HashMap<>();
    private long queuedBytes;

    InMemoryDeliveryQueue(QueueProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** Answered at once: the in-memory store never keeps a webhook waiting. */
    @Override
    public CompletableFuture<Offer> offerAsync(Delivery delivery) {
        try {
            return CompletableFuture.completedFuture(store(delivery));
        } catch (StoreUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Offer store(Delivery delivery) {
        lock.lock();
        try {
            evictExpired();
            if (entries.containsKey(delivery.id())) {
                return Offer.DUPLICATE;
            }
            long size = delivery.payload().length;
            if (queuedBytes > 0 && queuedBytes + size > MAX_QUEUED_BYTES) {
                throw new StoreUnavailableException(
                        "storing delivery " + delivery.id(),
                        new IllegalStateException("the in-memory queue holds " + mebibytes(queuedBytes)
                                + " of deliveries not yet handled, and this one (" + mebibytes(size)
                                + ") would take it past " + mebibytes(MAX_QUEUED_BYTES)
                                + "; it is taken once those are handled, or use Redis for more"));
            }
            queuedBytes += delivery.payload().length;
            entries.put(delivery.id(), new Entry(delivery, clock.instant()));
            waiting.addLast(delivery.id());
            arrived.signal();
            return Offer.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    /** {@code 0.3 MiB}: bytes as the log says them. */
    private static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    @Override
    public List<Claim> claim(int max, Duration wait) throws InterruptedException {
        long remaining = wait.toNanos();
        lock.lockInterruptibly();
        try {
            while (true) {
                requeueAbandoned();
                if (!waiting.isEmpty()) {
                    List<Claim> claims = new ArrayList<>();
                    while (claims.size() < max && !waiting.isEmpty()) {
                        Entry entry = entries.get(waiting.pollFirst());
                        if (entry != null && entry.delivery != null) {
                            inFlight.put(entry.delivery.id(), clock.instant());
                            claims.add(new Claim(entry.delivery, entry.delivery.id(), entry.attempts, entry.status));
                        }
                    }
                    return claims;
                }
                if (remaining <= 0) {
                    return List.of();
                }
                long step = Math.min(remaining, properties.claimTimeout().toNanos());
                long left = arrived.awaitNanos(step);
                remaining -= step - Math.max(left, 0);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void keepAlive(Collection<Claim> claims) {
        lock.lock();
        try {
            for (Claim claim : claims) {
                inFlight.computeIfPresent(claim.handle(), (id, since) -> clock.instant());
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void handBack(Collection<Claim> claims) {
        lock.lock();
        try {
            for (Claim claim : claims) {
                if (inFlight.remove(claim.handle()) != null) {
                    waiting.addFirst(claim.handle());
                    arrived.signal();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public int recordFailure(Claim claim, String error) {
        lock.lock();
        try {
            Entry entry = entries.get(claim.delivery().id());
            if (entry == null) {
                return claim.attempts() + 1;
            }
            entry.attempts++;
            entry.lastError = error;
            entry.status = DeliveryStatus.RETRYING;
            entry.updatedAt = clock.instant();
            return entry.attempts;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void complete(Claim claim) {
        finish(claim, DeliveryStatus.DONE, null);
    }

    @Override
    public void fail(Claim claim, String error) {
        finish(claim, DeliveryStatus.FAILED, error);
    }

    @Override
    public void setAside(Claim claim, String reason) {
        finish(claim, DeliveryStatus.UNACTIONABLE, reason);
    }

    private void finish(Claim claim, DeliveryStatus status, String error) {
        lock.lock();
        try {
            inFlight.remove(claim.handle());
            Entry entry = entries.get(claim.delivery().id());
            if (entry != null) {
                entry.status = status;
                if (error != null) {
                    entry.lastError = error;
                }
                entry.updatedAt = clock.instant();
                if (entry.delivery != null) {
                    queuedBytes -= entry.delivery.payload().length;
                    entry.delivery = null; // the payload is no longer needed
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<DeliveryRecord> record(String deliveryId) {
        lock.lock();
        try {
            return Optional.ofNullable(entries.get(deliveryId)).map(Entry::record);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<DeliveryRecord> recent(int limit) {
        lock.lock();
        try {
            List<DeliveryRecord> all = new ArrayList<>(Math.min(limit, entries.size()));
            for (Entry entry : entries.sequencedValues().reversed()) {
                if (all.size() == Math.min(limit, properties.recentLimit())) {
                    break;
                }
                all.add(entry.record());
            }
            return all;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long depth() {
        lock.lock();
        try {
            return waiting.size() + inFlight.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public StoreHealth health() {
        return new StoreHealth(
                true,
                Map.of(
                        "type", "in-memory",
                        "durable", false,
                        "note", "deliveries live in this process only; set spring.data.redis.url for a durable store"));
    }

    private void requeueAbandoned() {
        Instant deadline = clock.instant().minus(properties.claimTimeout());
        Iterator<Map.Entry<String, Instant>> it = inFlight.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Instant> claimed = it.next();
            if (claimed.getValue().isBefore(deadline)) {
                it.remove();
                waiting.addFirst(claimed.getKey());
            }
        }
    }

    private void evictExpired() {
        Instant horizon = clock.instant().minus(properties.retention());
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry oldest = it.next();
            boolean finished = oldest.delivery == null;
            if (!finished || (!oldest.receivedAt.isBefore(horizon) && entries.size() < MAX_RECORDS)) {
                return;
            }
            it.remove();
        }
    }

    private static final class Entry {
        private Delivery delivery;
        private final String id;
        private final String event;
        private final String action;
        private final String repo;
        private final Instant receivedAt;
        private DeliveryStatus status = DeliveryStatus.QUEUED;
        private int attempts;
        private String lastError;
        private Instant updatedAt;

        Entry(Delivery delivery, Instant now) {
            this.delivery = delivery;
            this.id = delivery.id();
            this.event = delivery.event();
            this.action = delivery.action();
            this.repo = delivery.repo();
            this.receivedAt = delivery.receivedAt();
            this.updatedAt = now;
        }

        DeliveryRecord record() {
            return new DeliveryRecord(
                    id, event, action, repo, status, attempts, Optional.ofNullable(lastError), receivedAt, updatedAt);
        }
    }
}
