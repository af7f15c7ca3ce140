package dev.pitapat.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** What every fabric8 adapter here does the same way: a failed call named, a Kubernetes time read. */
final class Fabric8Calls {

    private Fabric8Calls() {}

    /** Runs {@code call}; fabric8's failure becomes a {@link ClusterException} naming {@code operation}. */
    static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw new ClusterException(operation + ": " + e.getCode() + " " + e.getMessage(), e);
        }
    }

    /** A Kubernetes timestamp (RFC 3339); empty when absent or unreadable. */
    static Optional<Instant> instant(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
