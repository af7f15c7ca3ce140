package dev.pitapat.kube;

import static dev.pitapat.kube.Fabric8Calls.call;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Builds} over fabric8: {@code argoproj.io/v1alpha1} {@code workflows} as generic resources in the build
 * namespace, with only the rights DESIGN.md gives (create, get, list and watch Workflows; create Secrets). A build
 * is a Workflow referring to the template ({@code spec.workflowTemplateRef}) with the
 * repository's clone URL, the sha, {@code <image>:<sha>} and the two Secrets' names as parameters; the clone token
 * goes only into its own Secret, created right after the Workflow with the Workflow as its owner (Kubernetes'
 * garbage collector deletes it with the Workflow; until it exists the build's pod waits for it).
 */
final class Fabric8Builds implements Builds {

    private static final Logger log = LoggerFactory.getLogger(Fabric8Builds.class);

    static final CustomResourceDefinitionContext WORKFLOWS = new CustomResourceDefinitionContext.Builder()
            .withGroup("argoproj.io")
            .withVersion("v1alpha1")
            .withKind("Workflow")
            .withPlural("workflows")
            .withScope("Namespaced")
            .withStatusSubresource(false)
            .build();

    /** The template every build refers to (gitops-templates/workflows/build.yaml). */
    static final String TEMPLATE = "pitapat-build";

    static final String SHA_LABEL = "pitapat.dev/sha";
    /** Every attempt at one build carries the build's name here, and its number. */
    static final String BUILD_LABEL = "pitapat.dev/build";

    static final String ATTEMPT_LABEL = "pitapat.dev/attempt";
    static final String REPOSITORY_ANNOTATION = "pitapat.dev/repository";
    static final String CHECK_RUN_ANNOTATION = "pitapat.dev/check-run";

    /** The Secret key the template reads the clone token from. */
    static final String TOKEN_KEY = "token";

    private final KubernetesClient client;
    private final String namespace;
    private volatile SharedIndexInformer<GenericKubernetesResource> informer;

    Fabric8Builds(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public BuildState start(BuildOrder order) {
        String name = order.name();
        String operation = "starting the build " + namespace + "/" + name + " of " + order.repo() + "@"
                + order.sha().abbreviated();
        return call(operation, () -> {
            Optional<GenericKubernetesResource> newest = attempts(name).stream().reduce((a, b) -> b);
            if (newest.isPresent() && !stateOf(newest.get()).failed()) {
                cloneSecret(order, newest.get()); // made unless its first start stopped before it
                return stateOf(newest.get()); // built, or being built: the same sha is built once
            }
            int attempt = newest.map(Fabric8Builds::attemptOf).orElse(0) + 1;
            if (newest.isPresent()) {
                log.info(
                        "The build {} of {} failed; building it again (attempt {})",
                        name,
                        order.sha().abbreviated(),
                        attempt);
            }
            String workflow = BuildOrder.attempt(name, attempt);
            GenericKubernetesResource created;
            try {
                created = client.genericKubernetesResources(WORKFLOWS)
                        .inNamespace(namespace)
                        .resource(workflowOf(order, workflow, attempt))
                        .create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                // another replica started it a moment ago: that one is the build
                return Optional.ofNullable(workflow(workflow).get())
                        .map(Fabric8Builds::stateOf)
                        .orElseThrow(() -> e);
            }
            cloneSecret(order, created);
            return stateOf(created);
        });
    }

    @Override
    public Optional<BuildState> latest(String build) {
        return call(
                "reading the builds " + namespace + "/" + build,
                () -> attempts(build).stream().reduce((a, b) -> b).map(Fabric8Builds::stateOf));
    }

    /** The attempts at a build, oldest first: from the watch's cache once it has listed, else the API. */
    private List<GenericKubernetesResource> attempts(String build) {
        SharedIndexInformer<GenericKubernetesResource> cache = informer;
        List<GenericKubernetesResource> all = cache != null && cache.hasSynced()
                ? cache.getStore().list()
                : client.genericKubernetesResources(WORKFLOWS)
                        .inNamespace(namespace)
                        .withLabel(BUILD_LABEL, build)
                        .list()
                        .getItems();
        return all.stream()
                .filter(w -> build.equals(w.getMetadata().getLabels().get(BUILD_LABEL)))
                .sorted(java.util.Comparator.comparingInt(Fabric8Builds::attemptOf))
                .toList();
    }

    private static int attemptOf(GenericKubernetesResource workflow) {
        try {
            return Integer.parseInt(workflow.getMetadata().getLabels().getOrDefault(ATTEMPT_LABEL, "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private GenericKubernetesResource workflowOf(BuildOrder order, String workflow, int attempt) {
        Map<String, Object> spec = Map.of(
                "workflowTemplateRef",
                Map.of("name", TEMPLATE),
                "arguments",
                Map.of(
                        "parameters",
                        List.of(
                                parameter("repository", order.cloneUrl().toString()),
                                parameter("sha", order.sha().value()),
                                parameter("image", BuildOrder.tagged(order.image(), order.sha())),
                                parameter("clone-secret", secretName(workflow)),
                                parameter("registry-secret", order.registrySecret()))));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Workflow")
                .withNewMetadata()
                .withName(workflow)
                .withNamespace(namespace)
                .addToLabels(Fabric8Watch.MANAGED_BY, Fabric8Watch.PITAPAT)
                .addToLabels(BUILD_LABEL, order.name())
                .addToLabels(ATTEMPT_LABEL, Integer.toString(attempt))
                .addToLabels(SHA_LABEL, order.sha().value())
                .addToAnnotations(REPOSITORY_ANNOTATION, order.repo().fullName())
                .addToAnnotations(order.checkRun()
                        .map(id -> Map.of(CHECK_RUN_ANNOTATION, Long.toString(id)))
                        .orElse(Map.of()))
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }

    private static Map<String, String> parameter(String name, String value) {
        return Map.of("name", name, "value", value);
    }

    /**
     * The clone token's Secret, owned by the Workflow, unless it exists: pitapat only creates Secrets (DESIGN.md's
     * rights), and Kubernetes deletes it with its Workflow.
     */
    private void cloneSecret(BuildOrder order, GenericKubernetesResource workflow) {
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(secretName(workflow.getMetadata().getName()))
                .withNamespace(namespace)
                .addToLabels(Fabric8Watch.MANAGED_BY, Fabric8Watch.PITAPAT)
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("argoproj.io/v1alpha1")
                        .withKind("Workflow")
                        .withName(workflow.getMetadata().getName())
                        .withUid(workflow.getMetadata().getUid())
                        .withBlockOwnerDeletion(false)
                        .withController(false)
                        .build())
                .endMetadata()
                .withType("Opaque")
                .addToStringData(TOKEN_KEY, order.cloneToken())
                .build();
        try {
            client.secrets().inNamespace(namespace).resource(secret).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    static String secretName(String workflow) {
        return workflow + "-clone";
    }

    @Override
    public Optional<BuildState> state(String name) {
        SharedIndexInformer<GenericKubernetesResource> cache = informer;
        if (cache != null && cache.hasSynced()) {
            return Optional.ofNullable(cache.getStore().getByKey(namespace + "/" + name))
                    .map(Fabric8Builds::stateOf);
        }
        return call(
                "reading the build " + namespace + "/" + name,
                () -> Optional.ofNullable(workflow(name).get()).map(Fabric8Builds::stateOf));
    }

    @Override
    public Cluster.Watch watch(Consumer<String> changed) {
        SharedIndexInformer<GenericKubernetesResource> started = Fabric8Watch.informer(
                client.genericKubernetesResources(WORKFLOWS)
                        .inNamespace(namespace)
                        .withLabel(Fabric8Watch.MANAGED_BY, Fabric8Watch.PITAPAT)
                        .runnableInformer(0),
                "builds' Workflows",
                workflow -> workflow.getMetadata().getName(),
                changed);
        started.start();
        informer = started;
        return new Cluster.Watch() {
            @Override
            public boolean synced() {
                return started.hasSynced();
            }

            @Override
            public boolean connected() {
                return started.isWatching();
            }

            @Override
            public void close() {
                if (informer == started) {
                    informer = null;
                }
                started.close();
            }
        };
    }

    private Resource<GenericKubernetesResource> workflow(String name) {
        return client.genericKubernetesResources(WORKFLOWS)
                .inNamespace(namespace)
                .withName(name);
    }

    /** The build as {@code status.phase}, {@code status.progress} and {@code status.message} say. */
    static BuildState stateOf(GenericKubernetesResource workflow) {
        Object status = workflow.getAdditionalProperties().get("status");
        Map<?, ?> fields = status instanceof Map<?, ?> map ? map : Map.of();
        return new BuildState(
                workflow.getMetadata().getName(),
                BuildState.Phase.of(text(fields.get("phase"))),
                Optional.of(text(fields.get("progress"))).filter(p -> !p.isBlank()),
                text(fields.get("message")),
                checkRunOf(workflow));
    }

    private static Optional<Long> checkRunOf(GenericKubernetesResource workflow) {
        Map<String, String> annotations = workflow.getMetadata().getAnnotations();
        try {
            return Optional.ofNullable(annotations == null ? null : annotations.get(CHECK_RUN_ANNOTATION))
                    .map(Long::valueOf);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String text(Object value) {
        return value instanceof String s ? s : "";
    }
}
