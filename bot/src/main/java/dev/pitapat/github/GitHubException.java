package dev.pitapat.github;

import dev.pitapat.model.SecretRedactor;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * GitHub could not do what pitapat asked. The message says what was happening, then what GitHub answered:
 * {@code "reading collaborator permission of alice on acme/hello: 502 Server Error"}. It never carries a
 * token, a JWT or a key.
 */
public class GitHubException extends RuntimeException {

    private final String operation;
    private final OptionalInt status;
    private final Optional<String> gitHubMessage;
    private final boolean retryable;
    private final Optional<Duration> retryAfter;
    private final Optional<Instant> notBefore;

    /** GitHub answered {@code status}; for stand-ins of {@link GitHubGateway} in other packages' tests. */
    public GitHubException(String operation, int status, Optional<String> gitHubMessage) {
        this(operation, status, gitHubMessage, false, Optional.empty());
    }

    /** GitHub answered with an error status. */
    GitHubException(
            String operation,
            int status,
            Optional<String> gitHubMessage,
            boolean retryable,
            Optional<Duration> retryAfter) {
        this(operation, status, gitHubMessage, retryable, retryAfter, Optional.empty());
    }

    /** GitHub answered with an error status; {@code notBefore} when it was a rate limit. */
    GitHubException(
            String operation,
            int status,
            Optional<String> gitHubMessage,
            boolean retryable,
            Optional<Duration> retryAfter,
            Optional<Instant> notBefore) {
        super(
                SecretRedactor.redact(operation + ": " + status
                        + gitHubMessage.map(m -> " " + m).orElse("")),
                null,
                false,
                false);
        this.operation = operation;
        this.status = OptionalInt.of(status);
        this.gitHubMessage = gitHubMessage.map(SecretRedactor::redact);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.notBefore = notBefore;
    }

    /**
     * Not sent: GitHub's rate limit for the credential holds until {@code notBefore} (local time), {@code wait} from
     * now.
     */
    GitHubException(String operation, Instant notBefore, Duration wait) {
        super(
                SecretRedactor.redact(operation + ": not sent: GitHub's rate limit holds until "
                        + notBefore.plusMillis(999).truncatedTo(ChronoUnit.SECONDS)
                        + " (" + (wait.toMillis() + 999) / 1000 + " s from now)"),
                null,
                false,
                false);
        this.operation = operation;
        this.status = OptionalInt.empty();
        this.gitHubMessage = Optional.empty();
        this.retryable = true;
        this.retryAfter = Optional.of(wait);
        this.notBefore = Optional.of(notBefore);
    }

    /** GitHub was not reached or did not answer sensibly; {@code retryable} for connection failures. */
    GitHubException(String operation, String problem, boolean retryable, @Nullable Throwable cause) {
        super(SecretRedactor.redact(operation + ": " + problem), cause, false, false);
        this.operation = operation;
        this.status = OptionalInt.empty();
        this.gitHubMessage = Optional.empty();
        this.retryable = retryable;
        this.retryAfter = Optional.empty();
        this.notBefore = Optional.empty();
    }

    /** For subclasses that word their own message. */
    protected GitHubException(String operation, String message) {
        super(message, null, false, false);
        this.operation = operation;
        this.status = OptionalInt.empty();
        this.gitHubMessage = Optional.empty();
        this.retryable = false;
        this.retryAfter = Optional.empty();
        this.notBefore = Optional.empty();
    }

    /** What pitapat was doing, e.g. {@code "creating check run deploy/staging on acme/hello"}. */
    public String operation() {
        return operation;
    }

    /** GitHub's HTTP status; empty when GitHub was not reached. */
    public OptionalInt status() {
        return status;
    }

    /** The {@code message} field of GitHub's error body, when there was one. */
    public Optional<String> gitHubMessage() {
        return gitHubMessage;
    }

    public boolean isNotFound() {
        return status.equals(OptionalInt.of(404));
    }

    /** GitHub refused the credential ({@code 401}): a token that expired or was revoked. */
    public boolean isUnauthorized() {
        return status.equals(OptionalInt.of(401));
    }

    /** Whether trying again later could succeed: rate limits, {@code 5xx}, connection errors. */
    boolean retryable() {
        return retryable;
    }

    /** How long GitHub asked to wait before trying again, when it said. */
    Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /**
     * A rate limit: pitapat sends nothing more with this credential before this time (this machine's clock), and
     * the work waits for it rather than failing.
     */
    public Optional<Instant> notBefore() {
        return notBefore;
    }

    /** The time a rate limit named, when {@code failure} or one of its causes is a rate-limited GitHub call. */
    public static Optional<Instant> rateLimitedUntil(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof GitHubException github && github.notBefore.isPresent()) {
                return github.notBefore;
            }
        }
        return Optional.empty();
    }
}
