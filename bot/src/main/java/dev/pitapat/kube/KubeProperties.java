package dev.pitapat.kube;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code pitapat.kube.*}: whether and how the cluster is followed (DESIGN.md section 1).
 *
 * @param enabled unset: follow when a cluster is found (a kubeconfig, or the in-cluster service account)
 */
@ConfigurationProperties("pitapat.kube")
public record KubeProperties(
        Optional<Boolean> enabled,
        @DefaultValue("argocd") String argocdNamespace,
        @DefaultValue("true") boolean refreshAfterCommit,
        @DefaultValue("5m") Duration syncTimeout,
        @DefaultValue("10m") Duration healthyTimeout) {

    public KubeProperties {
        enabled = orEmpty(enabled);
    }

    // Spring Boot binds an unset Optional as null rather than empty.
    private static <T> Optional<T> orEmpty(@Nullable Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }
}
