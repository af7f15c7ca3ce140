package dev.pitapat.kube;

import dev.pitapat.model.Target;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Argo CD and Argo Rollouts as the tests play them: fabric8's mock API server in CRUD mode with the Application and
 * Rollout custom resources registered (the Rollout with its status subresource, as its CRD has it), and the changes
 * their controllers would make, written by hand one step at a time: an Application synced (or failing to sync) a
 * GitOps commit, a Rollout taking up a new version, pausing for promotion, becoming healthy or degraded. Every
 * request pitapat sends is recorded, so a test can assert the exact patches.
 */
public final class FakeArgo implements AutoCloseable {

    public static final String ARGOCD = "argocd";

    private final List<Request> requests = new ArrayList<>();
    private final List<Request> patches = new ArrayList<>();
    private final Map<String, Long> patchedAt = new HashMap<>();
    private KubernetesMockServer server;
    private KubernetesClient client;
    private int port;

    /** One request the API server received. */
    public record Request(String method, String path, String contentType, String body) {}

    public FakeArgo() {
        start(0);
    }

    private void start(int at) {
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new RecordingDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), at);
        server.expectCustomResource(Fabric8Cluster.APPLICATIONS);
        server.expectCustomResource(Fabric8Cluster.ROLLOUTS);
        port = server.getPort();
        client = server.createClient();
    }

    /** The API server stops (every watch drops) and a new one starts on the same port, empty. */
    public void restart() {
        down();
        up();
    }

    /** The API server goes away: every watch drops, nothing answers on its port. */
    public void down() {
        requests();
        close();
    }

    /** A new API server starts on the same port after {@link #down()}, empty. */
    public void up() {
        start(port);
    }

    /** pitapat's view of this cluster, over a client of its own configured as the bot's (one retry). */
    public Cluster cluster() {
        io.fabric8.kubernetes.client.Config config = new io.fabric8.kubernetes.client.ConfigBuilder(
                        server.createClient().getConfiguration())
                .withRequestRetryBackoffLimit(KubeConfiguration.REQUEST_RETRIES)
                .withConnectionTimeout((int) KubeConfiguration.CONNECT_TIMEOUT.toMillis())
                .build();
        return new Fabric8Cluster(
                new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                        .withConfig(config)
                        .build(),
                ARGOCD);
    }

    /** A kubeconfig pointing at this server, for a bot that discovers its cluster as fabric8 does. */
    public Path kubeconfig(Path dir) throws java.io.IOException {
        return kubeconfig(dir, port);
    }

    /** A kubeconfig in {@code dir} pointing at an API server on this machine's {@code port}. */
    static Path kubeconfig(Path dir, int port) throws java.io.IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: fake
                    cluster:
                      server: http://127.0.0.1:%d
                contexts:
                  - name: fake
                    context: { cluster: fake, user: fake, namespace: default }
                current-context: fake
                users:
                  - name: fake
                    user: { token: not-a-secret }
                """.formatted(port));
        return file;
    }

    /** The environment's Application, as the ApplicationSet makes it (labelled), with this status. */
    public void application(Target target, Map<String, Object> status) {
        GenericKubernetesResource application = new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Application")
                .withNewMetadata()
                .withName(target.label())
                .withNamespace(ARGOCD)
                .addToLabels(Fabric8Watch.MANAGED_BY, Fabric8Watch.PITAPAT)
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of("project", "pitapat-apps"))
                .addToAdditionalProperties("status", status)
                .build();
        GenericKubernetesResource stored = get(Fabric8Cluster.APPLICATIONS, ARGOCD, target.label());
        if (stored != null) {
            application.getMetadata().setAnnotations(stored.getMetadata().getAnnotations());
        }
        client.genericKubernetesResources(Fabric8Cluster.APPLICATIONS)
                .inNamespace(ARGOCD)
                .resource(application)
                .createOr(existing -> existing.update());
    }

    /** Argo CD synced {@code revision}, and its sync operation for it succeeded. */
    public void synced(Target target, String revision) {
        application(
                target,
                Map.of(
                        "sync", Map.of("status", "Synced", "revision", revision),
                        "health", Map.of("status", "Progressing"),
                        "operationState",
                                Map.of(
                                        "phase", "Succeeded",
                                        "message", "successfully synced (all tasks run)",
                                        "syncResult", Map.of("revision", revision))));
    }

    /** Argo CD deleted the environment's Application (its folder went; the ApplicationSet dropped it). */
    public void applicationDeleted(Target target) {
        client.genericKubernetesResources(Fabric8Cluster.APPLICATIONS)
                .inNamespace(ARGOCD)
                .withName(target.label())
                .delete();
    }

    /** Argo CD tried to sync {@code revision} and failed with {@code message}. */
    public void syncFailed(Target target, String revision, String message) {
        application(
                target,
                Map.of(
                        "sync", Map.of("status", "OutOfSync", "revision", revision),
                        "operationState",
                                Map.of(
                                        "phase",
                                        "Failed",
                                        "message",
                                        message,
                                        "syncResult",
                                        Map.of("revision", revision))));
    }

    /**
     * Argo CD applied a Rollout asking for {@code version} (the pod template's {@code app.kubernetes.io/version}
     * label): its generation moves on, and the controller has not seen it yet.
     */
    public void rolloutAsksFor(Target target, String version) {
        GenericKubernetesResource rollout = new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Rollout")
                .withNewMetadata()
                .withName(target.app().value())
                .withNamespace(target.label())
                .addToLabels(Fabric8Watch.MANAGED_BY, Fabric8Watch.PITAPAT)
                .endMetadata()
                .addToAdditionalProperties(
                        "spec",
                        Map.of(
                                "replicas",
                                2,
                                "template",
                                Map.of("metadata", Map.of("labels", Map.of("app.kubernetes.io/version", version)))))
                .build();
        GenericKubernetesResource stored =
                get(Fabric8Cluster.ROLLOUTS, target.label(), target.app().value());
        if (stored != null && stored.getAdditionalProperties().get("status") != null) {
            rollout.setAdditionalProperty(
                    "status", stored.getAdditionalProperties().get("status"));
        }
        client.genericKubernetesResources(Fabric8Cluster.ROLLOUTS)
                .inNamespace(target.label())
                .resource(rollout)
                .createOr(existing -> existing.update());
    }

    /**
     * The Rollout controller's status for the current spec (observed): {@code phase}, a {@code BlueGreenPause} when
     * {@code paused}, the stable and current pod hashes, its message, and {@code abort}.
     */
    public void rolloutStatus(
            Target target, String phase, boolean paused, String stable, String current, String message, boolean abort) {
        GenericKubernetesResource stored =
                get(Fabric8Cluster.ROLLOUTS, target.label(), target.app().value());
        long generation = stored.getMetadata().getGeneration() == null
                ? 1
                : stored.getMetadata().getGeneration();
        Map<String, Object> status = new HashMap<>();
        status.put("observedGeneration", generation);
        status.put("phase", phase);
        status.put("stableRS", stable);
        status.put("currentPodHash", current);
        status.put("message", message);
        if (paused) {
            status.put(
                    "pauseConditions",
                    List.of(Map.of("reason", "BlueGreenPause", "startTime", "2026-12-03T10:00:00Z")));
        }
        if (abort) {
            status.put("abort", true);
        }
        stored.setAdditionalProperty("status", status);
        client.genericKubernetesResources(Fabric8Cluster.ROLLOUTS)
                .inNamespace(target.label())
                .resource(stored)
                .updateStatus();
    }

    /** The stored object, or null. */
    public GenericKubernetesResource get(ResourceDefinitionContext kind, String namespace, String name) {
        return client.genericKubernetesResources(kind)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    public GenericKubernetesResource application(Target target) {
        return get(Fabric8Cluster.APPLICATIONS, ARGOCD, target.label());
    }

    public GenericKubernetesResource rollout(Target target) {
        return get(Fabric8Cluster.ROLLOUTS, target.label(), target.app().value());
    }

    /**
     * When the first patch of each object (by name: an Application's is its {@code <app>-<env>}) arrived since the
     * last call, in {@link System#nanoTime()}.
     */
    public synchronized Map<String, Long> patchTimes() {
        Map<String, Long> all = Map.copyOf(patchedAt);
        patchedAt.clear();
        return all;
    }

    /** Every patch received since the last call, with its body, oldest first. */
    public synchronized List<Request> patches() {
        List<Request> all = List.copyOf(patches);
        patches.clear();
        return all;
    }

    /**
     * Every request received since the last call (the test's own included), oldest first, without bodies (the
     * CRUD dispatcher reads them; {@link #patches()} has the patches' bodies).
     */
    public synchronized List<Request> requests() {
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
                requests.add(new Request(
                        request.getMethod(), request.getPath(), String.valueOf(request.getHeader("Content-Type")), ""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Request> all = List.copyOf(requests);
        requests.clear();
        return all;
    }

    /** The CRUD dispatcher, noting each patch's body before it reads it. */
    private final class RecordingDispatcher extends KubernetesCrudDispatcher {
        RecordingDispatcher() {
            super(List.of());
        }

        @Override
        public MockResponse handlePatch(RecordedRequest request) {
            byte[] body =
                    request.getBody() == null ? new byte[0] : request.getBody().readByteArray();
            synchronized (FakeArgo.this) {
                patchedAt.putIfAbsent(
                        request.getPath().substring(request.getPath().lastIndexOf('/') + 1), System.nanoTime());
                patches.add(new Request(
                        request.getMethod(),
                        request.getPath(),
                        String.valueOf(request.getHeader("Content-Type")),
                        new String(body, StandardCharsets.UTF_8)));
            }
            return super.handlePatch(new RecordedRequest(
                    request.getHttpVersion(),
                    request.method(),
                    request.getPath(),
                    request.getHeaders(),
                    new Buffer(body)));
        }
    }

    /**
     * Closes the client, then the server. Vert.x 5 completes the server's close only once every WebSocket has
     * answered its Close frame, waiting up to 10 s per socket; a watch the JDK client dropped without answering
     * can make the mock server give up with "Unable to close MockWebServer" (fabric8io/kubernetes-client#8131).
     * That is the mock server's teardown, not what a test checks, so it is noted and not thrown.
     */
    @Override
    public void close() {
        client.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            System.err.println("FakeArgo: the mock API server closed late: " + e.getMessage());
        }
    }
}
