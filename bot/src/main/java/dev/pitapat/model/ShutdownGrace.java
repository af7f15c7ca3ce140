package dev.pitapat.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long work in flight (deliveries being handled, deploys running) may take to finish once the bot is asked to
 * stop ({@code SIGTERM}), counted from that moment ({@code pitapat.shutdown-grace}); what has not finished by then
 * is handed back. One deadline for every part, so the whole stop fits the pod's termination grace period.
 */
public final class ShutdownGrace {

    private final Duration grace;
    private volatile Instant asked;

    public ShutdownGrace(Duration grace) {
        if (grace.isNegative() || grace.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new InvalidSettingException(
                    "pitapat.shutdown-grace", "must be between 0s and 10m, and under the pod's termination grace");
        }
        this.grace = grace;
    }

    public Duration grace() {
        return grace;
    }

    /** The bot was asked to stop at {@code at}; later calls keep the first moment. */
    public void asked(Instant at) {
        if (asked == null) {
            asked = at;
        }
    }

    /** When work still running is handed back: the grace after the stop was asked (now, if it was not said). */
    public Instant deadline(Clock clock) {
        Instant from = asked;
        return (from == null ? clock.instant() : from).plus(grace);
    }
}
