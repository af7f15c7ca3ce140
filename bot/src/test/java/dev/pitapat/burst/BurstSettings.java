package dev.pitapat.burst;

import java.time.Duration;
import java.util.Optional;

/** Bursting's settings for tests: as shipped (0.80 / 0.50, 3 samples, 10m cooldown, 0 to 3 nodes, step 1). */
final class BurstSettings {

    static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

    private BurstSettings() {}

    static BurstProperties of(boolean dryRun) {
        return on("http://127.0.0.1:9", Optional.empty(), dryRun);
    }

    /** Enabled, asking Prometheus at {@code prometheus} and Compute at {@code compute} (Google's when empty). */
    static BurstProperties on(String prometheus, Optional<String> compute, boolean dryRun) {
        return new BurstProperties(
                true,
                Optional.of(prometheus),
                BurstProperties.DEFAULT_QUERY,
                0.80,
                0.50,
                3,
                Duration.ofSeconds(30),
                Duration.ofMinutes(10),
                0,
                3,
                1,
                Optional.of("my-project"),
                Optional.of("europe-west1-b"),
                Optional.of("pitapat-burst"),
                compute,
                "pitapat.dev/burst=true",
                dryRun,
                DRAIN_TIMEOUT);
    }
}
