package dev.pitapat.github;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub's time as this process reckons it: the local clock plus the offset GitHub's {@code Date} headers showed
 * (as octokit's auth-app keeps its {@code timeDifference}). The App's JWTs are signed in this time and installation
 * tokens' {@code expires_at} judged against it, so a machine whose clock is minutes off neither sends a JWT GitHub
 * refuses nor keeps a token past its expiry.
 *
 * <p>{@code Date} has whole seconds and reaches pitapat a little late, so an offset within {@link #TOLERANCE} of
 * the one known is taken as the same.
 */
final class GitHubClock {

    static final Duration TOLERANCE = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(GitHubClock.class);

    private final Clock local;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    GitHubClock(Clock local) {
        this.local = local;
    }

    /** The local clock. */
    Clock local() {
        return local;
    }

    /** GitHub's time now, as far as pitapat knows. */
    Instant now() {
        return local.instant().plus(offset.get());
    }

    /** How far GitHub's clock is ahead of the local one (negative: behind). */
    Duration offset() {
        return offset.get();
    }

    /** The local instant at which GitHub's clock shows {@code gitHubTime}. */
    Instant localAt(Instant gitHubTime) {
        return gitHubTime.minus(offset.get());
    }

    /** GitHub's time an answer was sent at, from its {@code Date} header, if it has a readable one. */
    static Optional<Instant> dateOf(HttpHeaders headers) {
        return headers.firstValue("date").flatMap(GitHubClock::httpDate);
    }

    static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Learns GitHub's time from an answer just received. Whether the offset changed: then a JWT GitHub refused may
     * have been signed in the wrong time.
     */
    boolean learn(HttpHeaders headers) {
        Optional<Instant> date = dateOf(headers);
        if (date.isEmpty()) {
            return false;
        }
        Duration measured = Duration.between(local.instant(), date.get());
        Duration known = offset.get();
        if (measured.minus(known).abs().compareTo(TOLERANCE) <= 0 || !offset.compareAndSet(known, measured)) {
            return false;
        }
        log.warn(
                "GitHub's clock is {} s {} this machine's (its Date header); the App's JWTs are signed and token"
                        + " expiry judged in GitHub's time",
                measured.abs().toSeconds(),
                measured.isNegative() ? "behind" : "ahead of");
        return true;
    }
}
