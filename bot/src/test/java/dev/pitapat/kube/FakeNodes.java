package dev.pitapat.kube;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A cluster's nodes and pods as the tests play them: fabric8's mock API server in CRUD mode, with the parts of the
 * real API server that draining needs and the mock lacks.
 *
 * <ul>
 *   <li><b>Evictions</b> ({@code POST /api/v1/namespaces/{ns}/pods/{name}/eviction}): allowed ones delete the pod as
 *       the API server does (201 and a {@code Success} Status; a pod with a finalizer is left terminating, with its
 *       {@code deletionTimestamp}); a missing pod is a 404. {@link #refuseEviction} makes a PodDisruptionBudget
 *       refuse one with the API's 429 and Status body, through a mock-server expectation served before the CRUD
 *       store (fabric8's {@code KubernetesMixedDispatcher} routes the same way; the plain
 *       {@code KubernetesCrudDispatcher} never reads expectations).
 *   <li><b>Pods' field selectors</b> {@code spec.nodeName} and {@code status.phase} ({@code =}, {@code ==},
 *       {@code !=}): the mock knows only {@code metadata.name} and {@code metadata.namespace}, and a list selecting on
 *       other fields comes back empty.
 *   <li><b>JSON merge patches</b> remove a member patched to {@code null} (RFC 7386), where the mock stores the null.
 * </ul>
 *
 * The test's own changes go straight to the store; {@link #nodes()} is pitapat's adapter on a client configured as
 * the bot's.
 */
public final class FakeNodes implements AutoCloseable {

    private static final Pattern EVICTION = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction");
    private static final Pattern PODS = Pattern.compile("/api/v1(/namespaces/[^/]+)?/pods");
    private static final Pattern FIELD = Pattern.compile("(spec\\.nodeName|status\\.phase)(!=|==|=)(.*)");
    private static final String SUCCESS =
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"code\":201}";

    private final Map<ServerRequest, Queue<ServerResponse>> expectations = new ConcurrentHashMap<>();
    private final List<String> evictions = new CopyOnWriteArrayList<>();
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final KubernetesClient botClient;

    public FakeNodes() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations, new ApiServer(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        // a bot pointed here follows its deploys' Applications and Rollouts too (none exist: they wait to sync)
        server.expectCustomResource(Fabric8Cluster.APPLICATIONS);
        server.expectCustomResource(Fabric8Cluster.ROLLOUTS);
        client = server.createClient();
        botClient = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration())
                        .withRequestRetryBackoffLimit(KubeConfiguration.REQUEST_RETRIES)
                        .withConnectionTimeout((int) KubeConfiguration.CONNECT_TIMEOUT.toMillis())
                        .build())
                .build();
    }

    /** A kubeconfig pointing at this server, for a bot that discovers its cluster as fabric8 does. */
    public java.nio.file.Path kubeconfig(java.nio.file.Path dir) throws java.io.IOException {
        return FakeArgo.kubeconfig(dir, server.getPort());
    }

    /** pitapat's view of this cluster's nodes, over a client configured as the bot's (one retry). */
    public Nodes nodes() {
        return new Fabric8Nodes(botClient);
    }

    /** A node to add: ready, 4 CPU and 16Gi allocatable, no labels, no provider ID, until said otherwise. */
    public NewNode addNode(String name) {
        return new NewNode(name);
    }

    /** A running pod to add, owned by a ReplicaSet, with no requests and on no node, until said otherwise. */
    public NewPod addPod(String namespace, String name) {
        return new NewPod(namespace, name);
    }

    public Optional<Node> node(String name) {
        return Optional.ofNullable(client.nodes().withName(name).get());
    }

    public void deleteNode(String name) {
        client.nodes().withName(name).delete();
    }

    public Optional<Pod> pod(String namespace, String name) {
        return Optional.ofNullable(
                client.pods().inNamespace(namespace).withName(name).get());
    }

    /** Every pod in the store, in every namespace. */
    public List<Pod> pods() {
        return client.pods().inAnyNamespace().list().getItems();
    }

    /** The names ({@code namespace/name}) of the pods bound to {@code node}, sorted. */
    public List<String> podsOn(String node) {
        return pods().stream()
                .filter(pod -> node.equals(pod.getSpec().getNodeName()))
                .map(pod -> pod.getMetadata().getNamespace() + "/"
                        + pod.getMetadata().getName())
                .sorted()
                .toList();
    }

    /**
     * The pod is being deleted and its containers are stopping: it keeps a finalizer (as the kubelet holds it
     * until they have stopped) and gets its {@code deletionTimestamp}.
     */
    public void terminating(String namespace, String name) {
        client.pods()
                .inNamespace(namespace)
                .withName(name)
                .edit(pod -> new PodBuilder(pod)
                        .editMetadata()
                        .addToFinalizers("fake.pitapat.dev/stopping")
                        .endMetadata()
                        .build());
        client.pods().inNamespace(namespace).withName(name).delete();
    }

    /** The terminating pod's containers have stopped: it is gone. */
    public void terminated(String namespace, String name) {
        client.pods()
                .inNamespace(namespace)
                .withName(name)
                .edit(pod -> new PodBuilder(pod)
                        .editMetadata()
                        .withFinalizers(List.of())
                        .endMetadata()
                        .build());
    }

    /**
     * From now on a PodDisruptionBudget ({@code budget}, 2 healthy pods needed and 2 there) refuses to let the pod
     * be evicted: the API's 429 with its Status, for every attempt (fabric8 retries a 429).
     */
    public void refuseEviction(String namespace, String pod, String budget) {
        allowEviction(namespace, pod);
        server.expect()
                .post()
                .withPath(evictionPath(namespace, pod))
                .andReturn(
                        429,
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                                + "\"message\":\"Cannot evict pod as it would violate the pod's disruption budget.\","
                                + "\"reason\":\"TooManyRequests\",\"details\":{\"causes\":[{\"reason\":"
                                + "\"DisruptionBudget\",\"message\":\"The disruption budget " + budget
                                + " needs 2 healthy pods and has 2 currently\"}]},\"code\":429}")
                .always();
    }

    /** From now on the API answers the pod's evictions with {@code code} and a Status saying {@code message}. */
    public void failEviction(String namespace, String pod, int code, String message) {
        allowEviction(namespace, pod);
        server.expect()
                .post()
                .withPath(evictionPath(namespace, pod))
                .andReturn(
                        code,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withMessage(message)
                                .withCode(code)
                                .build())
                .always();
    }

    /** The pod's evictions are allowed again (no budget in the way, no failure). */
    public void allowEviction(String namespace, String pod) {
        expectations.remove(new SimpleRequest(HttpMethod.POST, evictionPath(namespace, pod)));
    }

    /** Every eviction asked for ({@code namespace/name}), retries included, oldest first. */
    public List<String> evictionsAsked() {
        return List.copyOf(evictions);
    }

    private static String evictionPath(String namespace, String pod) {
        return "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/eviction";
    }

    /** A node to add; {@link #add()} stores it. */
    public final class NewNode {
        private final String name;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private final List<Taint> taints = new ArrayList<>();
        private String cpu = "4";
        private String memory = "16Gi";
        private boolean ready = true;
        private boolean cordoned;
        private String providerId;

        private NewNode(String name) {
            this.name = name;
        }

        public NewNode label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public NewNode annotation(String key, String value) {
            annotations.put(key, value);
            return this;
        }

        /** {@code status.allocatable}: {@code cpu} as Kubernetes writes it ("4", "3500m"), memory ("16Gi"). */
        public NewNode allocatable(String cpu, String memory) {
            this.cpu = cpu;
            this.memory = memory;
            return this;
        }

        /** Its {@code Ready} condition is {@code False} (the kubelet stopped reporting, or reports a problem). */
        public NewNode notReady() {
            ready = false;
            return this;
        }

        /** {@code spec.unschedulable: true}, as {@code kubectl cordon} leaves it. */
        public NewNode cordoned() {
            cordoned = true;
            return this;
        }

        /** {@code spec.providerID}, such as {@code gce://project/zone/instance}. */
        public NewNode providerId(String providerId) {
            this.providerId = providerId;
            return this;
        }

        /** A taint {@code key} with {@code effect} ({@code NoSchedule}, {@code PreferNoSchedule}, {@code NoExecute}). */
        public NewNode taint(String key, String effect) {
            taints.add(new TaintBuilder().withKey(key).withEffect(effect).build());
            return this;
        }

        public Node add() {
            Node node = new NodeBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withLabels(labels)
                    .withAnnotations(annotations)
                    .endMetadata()
                    .withNewSpec()
                    .withProviderID(providerId)
                    .withUnschedulable(cordoned ? true : null)
                    .withTaints(taints)
                    .endSpec()
                    .withNewStatus()
                    .addToAllocatable("cpu", new Quantity(cpu))
                    .addToAllocatable("memory", new Quantity(memory))
                    .addToAllocatable("pods", new Quantity("110"))
                    .addToConditions(new NodeConditionBuilder()
                            .withType("Ready")
                            .withStatus(ready ? "True" : "False")
                            .withReason(ready ? "KubeletReady" : "KubeletNotReady")
                            .build())
                    .endStatus()
                    .build();
            return client.nodes().resource(node).create();
        }
    }

    /** A pod to add; {@link #add()} stores it. */
    public final class NewPod {
        private final String namespace;
        private final String name;
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private final List<Map<String, Quantity>> initRequests = new ArrayList<>();
        private String node;
        private Map<String, Quantity> requests = Map.of();
        private String owner = "ReplicaSet";
        private String phase = "Running";
        private PodCondition scheduled;

        private NewPod(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }

        /** Bound to {@code node} ({@code spec.nodeName}), scheduled there. */
        public NewPod on(String node) {
            this.node = node;
            return this;
        }

        /** Its one container requests {@code cpu} ("500m") and {@code memory} ("256Mi"). */
        public NewPod requests(String cpu, String memory) {
            requests = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory));
            return this;
        }

        /** An init container (run to completion before the others) requesting {@code cpu} and {@code memory}. */
        public NewPod initContainer(String cpu, String memory) {
            initRequests.add(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory)));
            return this;
        }

        /** Owned by a controller of this kind ("DaemonSet", "ReplicaSet", "StatefulSet", "Job"); none when null. */
        public NewPod ownedBy(String kind) {
            owner = kind;
            return this;
        }

        /** {@code status.phase}: "Pending", "Running", "Succeeded", "Failed". */
        public NewPod phase(String phase) {
            this.phase = phase;
            return this;
        }

        /** The API's mirror of a static pod (the kubelet runs it from a file): annotated, owned by its node. */
        public NewPod mirror() {
            annotations.put(Fabric8Nodes.MIRROR, "3f1c0d9e8b7a");
            owner = null;
            return this;
        }

        /**
         * The scheduler found no node for it {@code since} then: {@code Pending}, on no node, {@code PodScheduled}
         * false for {@code Unschedulable} with the scheduler's {@code message}; with no {@code since}, the condition
         * has no {@code lastTransitionTime}.
         */
        public NewPod unschedulable(Optional<Instant> since, String message) {
            phase = "Pending";
            node = null;
            scheduled = new PodConditionBuilder()
                    .withType("PodScheduled")
                    .withStatus("False")
                    .withReason("Unschedulable")
                    .withMessage(message)
                    .withLastTransitionTime(since.map(Instant::toString).orElse(null))
                    .build();
            return this;
        }

        /** The scheduler placed it on {@code node} and it is still starting ({@code Pending}, pulling its image). */
        public NewPod starting(String node, Instant since) {
            phase = "Pending";
            this.node = node;
            scheduled = new PodConditionBuilder()
                    .withType("PodScheduled")
                    .withStatus("True")
                    .withLastTransitionTime(since.toString())
                    .build();
            return this;
        }

        public Pod add() {
            PodBuilder pod = new PodBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withAnnotations(annotations)
                    .endMetadata()
                    .withNewSpec()
                    .withNodeName(node)
                    .addToContainers(new ContainerBuilder()
                            .withName("app")
                            .withImage("ghcr.io/acme/" + namespace + ":1")
                            .withNewResources()
                            .withRequests(requests)
                            .endResources()
                            .build())
                    .endSpec()
                    .withNewStatus()
                    .withPhase(phase)
                    .endStatus();
            for (int i = 0; i < initRequests.size(); i++) {
                pod.editSpec()
                        .addToInitContainers(new ContainerBuilder()
                                .withName("init-" + i)
                                .withImage("ghcr.io/acme/" + namespace + "-init:1")
                                .withNewResources()
                                .withRequests(initRequests.get(i))
                                .endResources()
                                .build())
                        .endSpec();
            }
            if (owner != null) {
                pod.editMetadata()
                        .addToOwnerReferences(new OwnerReferenceBuilder()
                                .withApiVersion(owner.equals("Job") ? "batch/v1" : "apps/v1")
                                .withKind(owner)
                                .withName(name.replaceFirst("-[^-]+$", ""))
                                .withUid(UUID.randomUUID().toString())
                                .withController(true)
                                .build())
                        .endMetadata();
            }
            if (scheduled != null) {
                pod.editStatus().addToConditions(scheduled).endStatus();
            }
            return client.pods().inNamespace(namespace).resource(pod.build()).create();
        }
    }

    /**
     * The CRUD store, with expectations answered first (as fabric8's {@code KubernetesMixedDispatcher} does) and the
     * API server's evictions, pods' field selectors and merge patches' nulls.
     */
    private final class ApiServer extends KubernetesCrudDispatcher {
        private final MockDispatcher expected = new MockDispatcher(expectations);

        ApiServer() {
            super(List.of());
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            Matcher eviction = EVICTION.matcher(request.getPath());
            boolean evicting = request.method() == HttpMethod.POST && eviction.matches();
            if (evicting) {
                evictions.add(eviction.group(1) + "/" + eviction.group(2));
            }
            Queue<ServerResponse> queued = expectations.get(new SimpleRequest(request.method(), request.getPath()));
            if (queued != null && !queued.isEmpty()) {
                return expected.dispatch(request);
            }
            if (evicting) {
                return evict(eviction.group(1), eviction.group(2), request.getUtf8Body());
            }
            return super.dispatch(request);
        }

        /** As the API server's eviction subresource does when no budget is in the way. */
        private MockResponse evict(String namespace, String name, String body) {
            GenericKubernetesResource eviction = serialization.unmarshal(body, GenericKubernetesResource.class);
            if (!"Eviction".equals(eviction.getKind())
                    || !"policy/v1".equals(eviction.getApiVersion())
                    || !name.equals(eviction.getMetadata().getName())) {
                return status(400, "BadRequest", "name in URL does not match name in Eviction object");
            }
            MockResponse deleted = handleDelete("/api/v1/namespaces/" + namespace + "/pods/" + name);
            if (deleted.code() == 404) {
                return status(404, "NotFound", "pods \"" + name + "\" not found");
            }
            return new MockResponse().setResponseCode(201).setBody(SUCCESS);
        }

        private MockResponse status(int code, String reason, String message) {
            return new MockResponse()
                    .setResponseCode(code)
                    .setBody(serialization.asJson(new StatusBuilder()
                            .withStatus("Failure")
                            .withReason(reason)
                            .withMessage(message)
                            .withCode(code)
                            .build()));
        }

        /** Lists pods as the API server does when selecting on {@code spec.nodeName} or {@code status.phase}. */
        @Override
        public MockResponse handleGet(String path) {
            URI uri = URI.create(path);
            if (!PODS.matcher(uri.getRawPath()).matches() || uri.getRawQuery() == null || path.contains("watch=")) {
                return super.handleGet(path);
            }
            List<String> kept = new ArrayList<>();
            List<Matcher> fields = new ArrayList<>();
            for (String parameter : uri.getRawQuery().split("&")) {
                if (!parameter.startsWith("fieldSelector=")) {
                    kept.add(parameter);
                    continue;
                }
                List<String> others = new ArrayList<>();
                for (String requirement : URLDecoder.decode(parameter.substring(14), StandardCharsets.UTF_8)
                        .split(",")) {
                    Matcher field = FIELD.matcher(requirement);
                    if (field.matches()) {
                        fields.add(field);
                    } else {
                        others.add(requirement);
                    }
                }
                if (!others.isEmpty()) {
                    kept.add("fieldSelector=" + URLEncoder.encode(String.join(",", others), StandardCharsets.UTF_8));
                }
            }
            if (fields.isEmpty()) {
                return super.handleGet(path);
            }
            MockResponse listed =
                    super.handleGet(uri.getRawPath() + (kept.isEmpty() ? "" : "?" + String.join("&", kept)));
            if (listed.code() != 200) {
                return listed;
            }
            PodList pods = serialization.unmarshal(listed.getBody().readUtf8(), PodList.class);
            pods.setItems(pods.getItems().stream()
                    .filter(pod -> fields.stream().allMatch(field -> selects(field, pod)))
                    .toList());
            return listed.setBody(serialization.asJson(pods));
        }

        private static boolean selects(Matcher field, Pod pod) {
            String value = field.group(1).equals("spec.nodeName")
                    ? pod.getSpec().getNodeName()
                    : pod.getStatus() == null ? null : pod.getStatus().getPhase();
            boolean equal = field.group(3).equals(value == null ? "" : value);
            return field.group(2).equals("!=") != equal;
        }

        /** A JSON merge patch removes a member patched to null (RFC 7386); the mock would store the null. */
        @Override
        public MockResponse handlePatch(RecordedRequest request) {
            String type = request.getHeader("Content-Type");
            MockResponse patched = super.handlePatch(request);
            if (type == null || !type.contains("merge-patch") || patched.code() >= 300) {
                return patched;
            }
            String path = URI.create(request.getPath()).getRawPath();
            JsonNode stored =
                    JsonMapper.shared().readTree(super.handleGet(path).getBody().readUtf8());
            if (!withoutNulls(stored)) {
                return patched;
            }
            return super.handleUpdate(new RecordedRequest(
                    request.getHttpVersion(),
                    HttpMethod.PUT,
                    path,
                    request.getHeaders(),
                    new Buffer(stored.toString().getBytes(StandardCharsets.UTF_8))));
        }

        /** Removes every member whose value is null, in objects at any depth; whether there was one. */
        private static boolean withoutNulls(JsonNode node) {
            if (!(node instanceof ObjectNode object)) {
                return false;
            }
            List<String> nulls = new ArrayList<>();
            boolean removed = false;
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                if (member.getValue().isNull()) {
                    nulls.add(member.getKey());
                } else {
                    removed |= withoutNulls(member.getValue());
                }
            }
            nulls.forEach(object::remove);
            return removed || !nulls.isEmpty();
        }

        @Override
        public void shutdown() {
            expected.shutdown();
            super.shutdown();
        }
    }

    /** Closes the clients, then the server (a late close is noted, as in {@link FakeArgo#close()}). */
    @Override
    public void close() {
        botClient.close();
        client.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            System.err.println("FakeNodes: the mock API server closed late: " + e.getMessage());
        }
    }
}
