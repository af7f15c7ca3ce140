package dev.pitapat.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health {@code github}: UP when GitHub answers {@code GET /app} to the App's JWT, which proves the API URL,
 * the app id and the key together. The answer is kept {@link #TTL} so health polling does not call GitHub
 * each time; one attempt, no retries, so health answers quickly.
 */
final class GitHubHealthIndicator implements HealthIndicator {

    static final Duration TTL = Duration.ofSeconds(30);

    private record Checked(Health health, Instant at) {}

    private final GitHubAppClient app;
    private final Clock clock;
    private final AtomicReference<Checked> last = new AtomicReference<>();

    GitHubHealthIndicator(GitHubAppClient app, Clock clock) {
        this.app = app;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        Checked checked = last.get();
        if (checked != null && now.isBefore(checked.at().plus(TTL))) {
            return checked.health();
        }
        Health health = check();
        last.set(new Checked(health, now));
        return health;
    }

    private Health check() {
        try {
            var answer = app.asApp(Call.get("app", "reading the App", "/app").once());
            return Health.up()
                    .withDetail("app", answer.path("slug").asString(""))
                    .build();
        } catch (GitHubException e) {
            return Health.down().withDetail("reason", e.getMessage()).build();
        }
    }
}
