package dev.pitapat.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fabric8 adapter against fabric8's mock API server in CRUD mode, both custom resources registered (the
 * Rollout with its status subresource, as its CRD has it): what it reads from Argo CD's and Argo Rollouts' status,
 * and the exact changes its refresh, promote and abort make.
 */
class Fabric8ClusterTest {

    static final Target STAGING = new Target(new AppName("hello"), new EnvName("staging"));
    static final String COMMIT = "9f3c2b1a0d4e5f60718293a4b5c6d7e8f9a0b1c2";

    KubernetesMockServer server;
    KubernetesClient client;
    Fabric8Cluster cluster;

    @BeforeEach
    void server() {
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
        server.init();
        server.expectCustomResource(Fabric8Cluster.APPLICATIONS);
        server.expectCustomResource(Fabric8Cluster.ROLLOUTS);
        client = server.createClient();
        cluster = new Fabric8Cluster(client, "argocd");
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void readsWhetherArgoCdSyncedOurCommitOrFailedToWithItsMessage() {
        application(Map.of(
                "sync", Map.of("status", "Synced", "revision", COMMIT),
                "health", Map.of("status", "Suspended"),
                "operationState",
                        Map.of(
                                "phase",
                                "Succeeded",
                                "message",
                                "successfully synced",
                                "syncResult",
                                Map.of("revision", COMMIT))));

        ApplicationState synced = cluster.application(STAGING).orElseThrow();
        assertThat(synced.syncedAt(COMMIT)).isTrue();
        assertThat(synced.syncedAt("0".repeat(40))).isFalse();
        assertThat(synced.health()).isEqualTo("Suspended");

        application(Map.of(
                "sync", Map.of("status", "OutOfSync", "revision", COMMIT),
                "operationState",
                        Map.of(
                                "phase",
                                "Failed",
                                "message",
                                "one or more objects failed to apply",
                                "operation",
                                Map.of("sync", Map.of("revision", COMMIT)))));

        ApplicationState failed = cluster.application(STAGING).orElseThrow();
        assertThat(failed.syncedAt(COMMIT)).isFalse();
        assertThat(failed.syncFailureAt(COMMIT)).hasValue("one or more objects failed to apply");
    }

    @Test
    void readsARolloutAwaitingPromotionThenHealthyThenDegraded() {
        rollout(
                true,
                false,
                Map.of(
                        "phase", "Paused",
                        "stableRS", "6f7d9c",
                        "currentPodHash", "85b4c1",
                        "pauseConditions",
                                List.of(Map.of("reason", "BlueGreenPause", "startTime", "2026-12-02T10:00:00Z"))));
        RolloutState paused = cluster.rollout(STAGING).orElseThrow();
        assertThat(paused.awaitingPromotion()).isTrue();
        assertThat(paused.awaitingPromotionSince()).hasValue(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(paused.healthy()).isFalse();

        rollout(true, false, Map.of("phase", "Healthy", "stableRS", "85b4c1", "currentPodHash", "85b4c1"));
        assertThat(cluster.rollout(STAGING).orElseThrow().healthy()).isTrue();

        rollout(false, false, Map.of("phase", "Healthy", "stableRS", "85b4c1", "currentPodHash", "85b4c1"));
        assertThat(cluster.rollout(STAGING).orElseThrow().healthy())
                .as("the controller has not seen the current spec yet")
                .isFalse();

        rollout(
                true,
                false,
                Map.of(
                        "phase",
                        "Degraded",
                        "message",
                        "ProgressDeadlineExceeded: ReplicaSet has timed out progressing"));
        assertThat(cluster.rollout(STAGING).orElseThrow().failure())
                .hasValue("ProgressDeadlineExceeded: ReplicaSet has timed out progressing");
    }

    @Test
    void refreshAnnotatesTheApplicationForArgoCd() {
        assertThat(cluster.refresh(STAGING)).isFalse();
        application(Map.of("sync", Map.of("status", "OutOfSync")));

        assertThat(cluster.refresh(STAGING)).isTrue();

        assertThat(stored("argocd", "hello-staging", Fabric8Cluster.APPLICATIONS)
                        .getMetadata()
                        .getAnnotations())
                .containsEntry("argocd.argoproj.io/refresh", "normal");
    }

    @Test
    void promoteClearsThePauseOnTheStatusThenUnpausesTheSpecOnlyWhereItIsPaused() {
        assertThat(cluster.promote(STAGING)).isEqualTo(Cluster.Promotion.NO_ROLLOUT);
        rollout(
                true,
                true,
                Map.of(
                        "phase",
                        "Paused",
                        "pauseConditions",
                        List.of(Map.of("reason", "BlueGreenPause", "startTime", "2026-12-02T10:00:00Z"))));

        assertThat(cluster.promote(STAGING)).isEqualTo(Cluster.Promotion.PROMOTED);

        GenericKubernetesResource promoted = stored("hello-staging", "hello", Fabric8Cluster.ROLLOUTS);
        // JSON merge patch null: the API server removes the key; the mock server keeps it as null
        assertThat(status(promoted).get("pauseConditions")).isNull();
        assertThat(status(promoted)).containsEntry("phase", "Paused");
        assertThat(spec(promoted)).containsEntry("paused", false);
        assertThat(cluster.promote(STAGING)).isEqualTo(Cluster.Promotion.NOTHING_PAUSED);
    }

    @Test
    void abortSetsAbortOnTheStatusAndLeavesTheSpec() {
        assertThat(cluster.abort(STAGING)).isFalse();
        rollout(true, false, Map.of("phase", "Paused"));

        assertThat(cluster.abort(STAGING)).isTrue();

        GenericKubernetesResource aborted = stored("hello-staging", "hello", Fabric8Cluster.ROLLOUTS);
        assertThat(status(aborted)).containsEntry("abort", true);
        assertThat(spec(aborted)).containsEntry("replicas", 2).doesNotContainKey("paused");
    }

    @Test
    void nothingThereIsEmptyNotAnError() {
        assertThat(cluster.application(STAGING)).isEmpty();
        assertThat(cluster.rollout(STAGING)).isEqualTo(Optional.empty());
    }

    private void application(Map<String, Object> status) {
        GenericKubernetesResource application = new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Application")
                .withNewMetadata()
                .withName("hello-staging")
                .withNamespace("argocd")
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of("project", "default"))
                .addToAdditionalProperties("status", status)
                .build();
        client.genericKubernetesResources(Fabric8Cluster.APPLICATIONS)
                .inNamespace("argocd")
                .resource(application)
                .createOr(existing -> existing.update());
    }

    /** Writes the Rollout's spec, then its status as the controller would, having seen that spec or not. */
    private void rollout(boolean seen, boolean pausedSpec, Map<String, Object> status) {
        Map<String, Object> spec = new HashMap<>(Map.of("replicas", 2));
        if (pausedSpec) {
            spec.put("paused", true);
        }
        GenericKubernetesResource rollout = new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Rollout")
                .withNewMetadata()
                .withName("hello")
                .withNamespace("hello-staging")
                .endMetadata()
                .addToAdditionalProperties("spec", spec)
                .build();
        client.genericKubernetesResources(Fabric8Cluster.ROLLOUTS)
                .inNamespace("hello-staging")
                .resource(rollout)
                .createOr(existing -> existing.update());
        GenericKubernetesResource stored = stored("hello-staging", "hello", Fabric8Cluster.ROLLOUTS);
        long generation = stored.getMetadata().getGeneration() == null
                ? 1
                : stored.getMetadata().getGeneration();
        Map<String, Object> withGeneration = new HashMap<>(status);
        withGeneration.put("observedGeneration", seen ? generation : generation - 1);
        stored.setAdditionalProperty("status", withGeneration);
        client.genericKubernetesResources(Fabric8Cluster.ROLLOUTS)
                .inNamespace("hello-staging")
                .resource(stored)
                .updateStatus();
    }

    private GenericKubernetesResource stored(
            String namespace, String name, io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext kind) {
        return client.genericKubernetesResources(kind)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("status");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }
}
