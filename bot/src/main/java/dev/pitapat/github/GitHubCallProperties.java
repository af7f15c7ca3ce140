package dev.pitapat.github;

import dev.pitapat.model.InvalidSettingException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How pitapat's calls to GitHub's REST API behave ({@code pitapat.github.*}, beside the App's identity in
 * {@link GitHubProperties}).
 *
 * @param requestTimeout the longest one request may take, from sending it to the last byte of the answer; GitHub
 *     itself ends a request it has worked on for 10 seconds, so a longer silence is a hang. A request that times
 *     out is tried again like a connection error
 * @param rateLimitWait the longest a call waits in place, holding its thread, for a rate limit to pass before it is
 *     sent (again); a call that would have to wait longer fails at once, saying until when, and a delivery that
 *     failed so is handled again at that time
 */
@ConfigurationProperties("pitapat.github")
public record GitHubCallProperties(
        @DefaultValue("15s") Duration requestTimeout,
        @DefaultValue("60s") Duration rateLimitWait) {

    static final Duration MAX_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    static final Duration MAX_RATE_LIMIT_WAIT = Duration.ofMinutes(10);

    /** The defaults. */
    static final GitHubCallProperties DEFAULTS =
            new GitHubCallProperties(Duration.ofSeconds(15), Duration.ofSeconds(60));

    public GitHubCallProperties {
        if (requestTimeout.isNegative()
                || requestTimeout.isZero()
                || requestTimeout.compareTo(MAX_REQUEST_TIMEOUT) > 0) {
            throw new InvalidSettingException(
                    GitHubProperties.PREFIX + "request-timeout",
                    "must be a positive duration of at most 5m, such as 15s");
        }
        if (rateLimitWait.isNegative() || rateLimitWait.compareTo(MAX_RATE_LIMIT_WAIT) > 0) {
            throw new InvalidSettingException(
                    GitHubProperties.PREFIX + "rate-limit-wait", "must be a duration from 0s to 10m, such as 60s");
        }
    }
}
