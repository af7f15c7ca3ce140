package dev.pitapat.github;

import dev.pitapat.model.SecretRedactor;
import java.time.Duration;
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
    }

    /** GitHub was not reached or did not answer sensibly; {@code retryable} for connection failures. */
    GitHubException(String operation, String problem, boolean retryable, @Nullable Throwable cause) {
        super(SecretRedactor.redact(operation + ": " + problem), cause, false, false);
        this.operation = operation;
        this.status = OptionalInt.empty();
        this.gitHubMessage = Optional.empty();
        this.retryable = retryable;
        this.retryAfter = Optional.empty();
    }

    /** For subclasses that word their own message. */
    protected GitHubException(String operation, String message) {
        super(message, null, false, false);
        this.operation = operation;
        this.status = OptionalInt.empty();
        this.gitHubMessage = Optional.empty();
        this.retryable = false;
        this.retryAfter = Optional.empty();
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
}
