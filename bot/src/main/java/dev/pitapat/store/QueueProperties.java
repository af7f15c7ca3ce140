package dev.pitapat.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How deliveries are stored and worked off ({@code pitapat.queue.*}).
 *
 * @param workers deliveries handled at once by this replica
 * @param maxAttempts attempts before a delivery is recorded as failed
 * @param backoff wait after the first failed attempt; doubled after each further one
 * @param maxBackoff the longest wait between attempts
 * @param claimTimeout how long a worker may go silent before its deliveries are claimed by another
 * @param retention how long a delivery id is remembered (duplicates within it answer {@code duplicate})
 * @param recentLimit how many delivery records {@code GET /api/deliveries} can list
 * @param keyPrefix prefix of every Redis key the bot writes
 * @param acceptTimeout the longest a webhook waits for the store to keep its delivery before it is answered
 *     {@code 503}; under GitHub's 10 seconds
 * @param burstRate webhooks per second from which intake comes first: while they arrive this fast, the workers
 *     start at most {@code burstStarts} deliveries a second, and the rest wait, stored, until the burst passes
 *     ({@code 0}: never)
 * @param burstStarts deliveries the workers start per second during a burst
 */
@ConfigurationProperties("pitapat.queue")
public record QueueProperties(
        @DefaultValue("16") int workers,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("2s") Duration backoff,
        @DefaultValue("2m") Duration maxBackoff,
        @DefaultValue("2m") Duration claimTimeout,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("1000") int recentLimit,
        @DefaultValue("pitapat:") String keyPrefix,
        @DefaultValue("5s") Duration acceptTimeout,
        @DefaultValue("200") int burstRate,
        @DefaultValue("10") int burstStarts) {

    /** GitHub gives up on a delivery not answered within 10 seconds; the answer must come before that. */
    public static final Duration MAX_ACCEPT_TIMEOUT = Duration.ofSeconds(9);

    public QueueProperties {
        requirePositive("pitapat.queue.workers", workers);
        requirePositive("pitapat.queue.max-attempts", maxAttempts);
        requirePositive("pitapat.queue.recent-limit", recentLimit);
        requirePositive("pitapat.queue.backoff", backoff);
        requirePositive("pitapat.queue.max-backoff", maxBackoff);
        requirePositive("pitapat.queue.claim-timeout", claimTimeout);
        requirePositive("pitapat.queue.retention", retention);
        requirePositive("pitapat.queue.accept-timeout", acceptTimeout);
        requirePositive("pitapat.queue.burst-starts", burstStarts);
        if (burstRate < 0) {
            throw new dev.pitapat.model.InvalidSettingException(
                    "pitapat.queue.burst-rate", "must be 0 (never) or more webhooks per second");
        }
        if (acceptTimeout.compareTo(MAX_ACCEPT_TIMEOUT) > 0) {
            throw new dev.pitapat.model.InvalidSettingException(
                    "pitapat.queue.accept-timeout",
                    "must be at most 9s: GitHub gives up on a webhook not answered within 10 seconds");
        }
    }

    /** The wait before attempt {@code failedAttempts + 1}. */
    public Duration backoffAfter(int failedAttempts) {
        Duration wait = backoff.multipliedBy(1L << Math.min(failedAttempts - 1, 20));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private static void requirePositive(String property, int value) {
        if (value < 1) {
            throw new dev.pitapat.model.InvalidSettingException(property, "must be at least 1");
        }
    }

    private static void requirePositive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new dev.pitapat.model.InvalidSettingException(property, "must be a positive duration such as 30s");
        }
    }
}
