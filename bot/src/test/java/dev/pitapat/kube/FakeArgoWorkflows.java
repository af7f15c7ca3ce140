package dev.pitapat.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Argo Workflows as the tests play it: fabric8's mock API server in CRUD mode with the Workflow resource registered,
 * and what Argo's controller would write into a Workflow's status, set by the test one step at a time.
 */
public final class FakeArgoWorkflows implements AutoCloseable {

    public static final String NAMESPACE = "pitapat-builds";

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public FakeArgoWorkflows() {
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
        server.init();
        server.expectCustomResource(Fabric8Builds.WORKFLOWS);
        client = server.createClient();
    }

    /** pitapat's builds on this cluster, in {@link #NAMESPACE}. */
    public Builds builds() {
        return new Fabric8Builds(client, NAMESPACE);
    }

    public List<GenericKubernetesResource> workflows() {
        return client.genericKubernetesResources(Fabric8Builds.WORKFLOWS)
                .inNamespace(NAMESPACE)
                .list()
                .getItems();
    }

    public List<Secret> secrets() {
        return client.secrets().inNamespace(NAMESPACE).list().getItems();
    }

    /**
     * Argo's controller reports the Workflow {@code name} as {@code phase} ("Running", "Succeeded", "Failed"...).
     * Like the controller, it reads the Workflow again and retries when pitapat changed it in between ({@code 409}).
     */
    public void status(String name, String phase, String progress, String message) {
        for (int attempt = 1; ; attempt++) {
            GenericKubernetesResource workflow = client.genericKubernetesResources(Fabric8Builds.WORKFLOWS)
                    .inNamespace(NAMESPACE)
                    .withName(name)
                    .get();
            workflow.getAdditionalProperties()
                    .put("status", Map.of("phase", phase, "progress", progress, "message", message));
            try {
                client.genericKubernetesResources(Fabric8Builds.WORKFLOWS)
                        .inNamespace(NAMESPACE)
                        .resource(workflow)
                        .update();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
