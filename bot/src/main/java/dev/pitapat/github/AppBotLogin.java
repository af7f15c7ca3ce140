package dev.pitapat.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login of the App's own bot user, {@code <slug>[bot]}, with the slug from {@code GET /app} (as the App,
 * with its JWT): asked once and kept for the process. While GitHub does not answer, empty; the first failure
 * is logged at WARN, and GitHub is asked again after {@link #ASK_AGAIN_AFTER}, one attempt each time, so a
 * caller is not held up by retries.
 */
final class AppBotLogin {

    static final Duration ASK_AGAIN_AFTER = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(AppBotLogin.class);
    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

    private final GitHubAppClient app;
    private final Clock clock;
    private final Lock asking = new ReentrantLock();
    private volatile Optional<String> login = Optional.empty();
    private Instant askAgainAt = Instant.MIN;
    private boolean warned;

    AppBotLogin(GitHubAppClient app, Clock clock) {
        this.app = app;
        this.clock = clock;
    }

    Optional<String> get() {
        Optional<String> known = login;
        if (known.isPresent()) {
            return known;
        }
        asking.lock();
        try {
            if (login.isEmpty() && !clock.instant().isBefore(askAgainAt)) {
                ask();
            }
            return login;
        } finally {
            asking.unlock();
        }
    }

    private void ask() {
        String description = "reading the App's slug";
        try {
            String slug =
                    Answers.text(app.asApp(Call.get("app", description, "/app").once()), "slug", description);
            if (!SLUG.matcher(slug).matches()) {
                throw new GitHubException(description, "GitHub's slug is not an App slug", false, null);
            }
            login = Optional.of(slug + "[bot]");
        } catch (GitHubException e) {
            askAgainAt = clock.instant().plus(ASK_AGAIN_AFTER);
            if (!warned) {
                warned = true;
                log.warn(
                        "{}; until GitHub answers, a marked comment by any bot counts as the App's own "
                                + "(asking again every {} min)",
                        e.getMessage(),
                        ASK_AGAIN_AFTER.toMinutes());
            } else {
                log.debug("{}; asking again in {} min", e.getMessage(), ASK_AGAIN_AFTER.toMinutes());
            }
        }
    }
}
