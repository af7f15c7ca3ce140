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
        @DefaultValue("5s") Duration acceptTimeout) {

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
