package dev.pitapat.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health {@code kubernetes}: {@code UNKNOWN} when no cluster is followed or it cannot be reached (the bot still
 * deploys, so it stays {@code UP}), {@code UP} when it answers {@code GET /version}.
 */
final class KubernetesHealthIndicator implements HealthIndicator {

    private final Optional<KubernetesClient> client;

    KubernetesHealthIndicator(Optional<KubernetesClient> client) {
        this.client = client;
    }

    @Override
    public Health health() {
        if (client.isEmpty()) {
            return Health.status(Status.UNKNOWN)
                    .withDetail("cluster", "none configured: rollout status is unknown, deploys still commit")
                    .build();
        }
        try {
            client.get().getKubernetesVersion(); // GET /version: reachable, and the credentials are taken
            return Health.up()
                    .withDetail("server", client.get().getMasterUrl().toString())
                    .build();
        } catch (RuntimeException e) {
            return Health.status(Status.UNKNOWN)
                    .withDetail("server", client.get().getMasterUrl().toString())
                    .withDetail("error", "not reachable: " + e.getClass().getSimpleName())
                    .build();
        }
    }
}
