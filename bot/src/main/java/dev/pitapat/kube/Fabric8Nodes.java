package dev.pitapat.kube;

import static dev.pitapat.kube.Fabric8Calls.call;
import static dev.pitapat.kube.Fabric8Calls.instant;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link Nodes} over fabric8, with the rights the interface names.
 *
 * <p>Pods are listed with the field selectors the API server offers for them ({@code spec.nodeName},
 * {@code status.phase}) and filtered again here, so the answer is the same wherever the selector is not applied.
 * A pod that has to move off a node is any pod on it but a DaemonSet's, a mirror (static) pod and a finished one
 * ({@code Succeeded} or {@code Failed}); a terminating pod still has to move until it is gone. A pending pod that is
 * already terminating is not counted as waiting for a node.
 *
 * <p>{@link #fitsElsewhere} is the scheduler's resource check only, and deliberately simple: the pods that would move
 * are placed largest CPU request first on the first other node (by name) that is ready, not cordoned and has no
 * {@code NoSchedule} or {@code NoExecute} taint, where both their CPU and memory requests fit in its allocatable less
 * what its own unfinished pods (DaemonSet pods included) request. Known limits: node selectors, affinity, topology
 * spread, the pods' tolerations (a tainted node is never a candidate, even for pods that tolerate the taint), host
 * ports, volumes' zones and the node's pod count are not evaluated. An answer of "fits" is therefore a good guess,
 * not a promise: the drain itself goes through the Eviction API, which still honours PodDisruptionBudgets, and a pod
 * that cannot be placed after all stays {@code Pending}, where {@link #unschedulable()} sees it.
 *
 * <p>{@link #evict} posts a {@code policy/v1} Eviction for each pod itself, where fabric8's
 * {@code pods().withName(p).evict()} would do the same request but answer only {@code false} on a refusal: posting
 * it keeps what the API said (the budget's name and its healthy pods) for people to read. fabric8 retries a 429 as
 * configured ({@code requestRetryBackoffLimit}) before the refusal reaches here.
 */
final class Fabric8Nodes implements Nodes {

    /** Marks a mirror pod: the API's copy of a static pod the kubelet runs from a file; it cannot be evicted. */
    static final String MIRROR = "kubernetes.io/config.mirror";

    static final String REFUSED = "a PodDisruptionBudget does not allow it now";

    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private final KubernetesClient client;

    Fabric8Nodes(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public List<BurstNode> labelled(String key, String value) {
        return call(
                "listing the nodes labelled " + key + "=" + value,
                () -> client.nodes().withLabel(key, value).list().getItems().stream()
                        .filter(node -> value.equals(labels(node).get(key)))
                        .sorted(Comparator.comparing(Fabric8Nodes::name))
                        .map(node -> new BurstNode(
                                name(node),
                                instance(node),
                                ready(node),
                                cordoned(node),
                                draining(node),
                                toMove(name(node)).size()))
                        .toList());
    }

    @Override
    public List<WaitingPod> unschedulable() {
        return call(
                "listing the pods waiting for a node",
                () -> client.pods().inAnyNamespace().withField("status.phase", "Pending").list().getItems().stream()
                        .filter(pod -> "Pending".equals(phase(pod)) && !terminating(pod))
                        .flatMap(pod -> condition(pod, "PodScheduled")
                                .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
                                .map(c -> new WaitingPod(
                                        pod.getMetadata().getNamespace(),
                                        name(pod),
                                        instant(c.getLastTransitionTime())
                                                .or(() -> instant(
                                                        pod.getMetadata().getCreationTimestamp()))
                                                .orElse(Instant.EPOCH),
                                        c.getMessage() == null ? "" : c.getMessage()))
                                .stream())
                        .sorted(Comparator.comparing(WaitingPod::since)
                                .thenComparing(WaitingPod::namespace)
                                .thenComparing(WaitingPod::name))
                        .toList());
    }

    @Override
    public Fit fitsElsewhere(String node) {
        return call("checking whether the pods on node " + node + " fit on other nodes", () -> {
            List<Pod> running = client
                    .pods()
                    .inAnyNamespace()
                    .withoutField("status.phase", "Succeeded")
                    .withoutField("status.phase", "Failed")
                    .list()
                    .getItems()
                    .stream()
                    .filter(pod -> !finished(pod))
                    .toList();
            List<Pod> moving = running.stream()
                    .filter(pod -> node.equals(nodeName(pod)) && hasToMove(pod))
                    .sorted(Comparator.comparing((Pod pod) -> Requests.of(pod).milliCpu())
                            .thenComparing(pod -> Requests.of(pod).bytes())
                            .reversed()
                            .thenComparing(Fabric8Nodes::key))
                    .toList();
            if (moving.isEmpty()) {
                return new Fit(true, 0, "");
            }
            Map<String, Requests> used = new HashMap<>();
            running.stream()
                    .filter(pod -> nodeName(pod) != null)
                    .forEach(pod -> used.merge(nodeName(pod), Requests.of(pod), Requests::plus));
            Map<String, Requests> free = new LinkedHashMap<>();
            client.nodes().list().getItems().stream()
                    .filter(other -> !node.equals(name(other)) && takesPods(other))
                    .sorted(Comparator.comparing(Fabric8Nodes::name))
                    .forEach(other -> free.put(
                            name(other),
                            Requests.allocatable(other).minus(used.getOrDefault(name(other), Requests.NONE))));
            for (Pod pod : moving) {
                Requests need = Requests.of(pod);
                Optional<String> into = free.entrySet().stream()
                        .filter(candidate -> candidate.getValue().holds(need))
                        .map(Map.Entry::getKey)
                        .findFirst();
                if (into.isEmpty()) {
                    String what = need.equals(Requests.NONE)
                            ? key(pod) + " has to move"
                            : key(pod) + " needs " + need.describe();
                    return new Fit(
                            false,
                            moving.size(),
                            free.isEmpty()
                                    ? what + "; no other node is ready, uncordoned and without a NoSchedule taint"
                                    : what + "; no other node has room");
                }
                free.computeIfPresent(into.get(), (name, left) -> left.minus(need));
            }
            return new Fit(true, moving.size(), "");
        });
    }

    @Override
    public void cordon(String node, Instant since) {
        call(
                "cordoning node " + node,
                () -> client.nodes()
                        .withName(node)
                        .patch(
                                MERGE,
                                "{\"spec\":{\"unschedulable\":true},\"metadata\":{\"annotations\":{\"" + DRAINING
                                        + "\":\"" + since + "\"}}}"));
    }

    @Override
    public void uncordon(String node) {
        call("uncordoning node " + node, () -> {
            try {
                client.nodes()
                        .withName(node)
                        .patch(
                                MERGE,
                                "{\"spec\":{\"unschedulable\":null},\"metadata\":{\"annotations\":{\"" + DRAINING
                                        + "\":null}}}");
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                    throw e;
                }
                return false; // deleted already: nothing left to uncordon
            }
        });
    }

    @Override
    public Eviction evict(String node) {
        List<Pod> moving = call("listing the pods on node " + node + " to drain it", () -> toMove(node));
        int remaining = 0;
        for (Pod pod : moving) {
            if (terminating(pod)) {
                remaining++; // evicted (or deleted) already: it is on its way
                continue;
            }
            switch (call("evicting pod " + key(pod) + " to drain node " + node, () -> evictOne(pod))) {
                case Eviction.Refused refused -> {
                    return refused;
                }
                case Eviction.Moving accepted -> remaining++;
                case Eviction.Empty gone -> {}
            }
        }
        return remaining == 0 ? new Eviction.Empty() : new Eviction.Moving(remaining);
    }

    /**
     * Posts the pod's Eviction: {@code Moving(1)} when the API accepts it (the pod is on its way out), {@code Empty}
     * when the pod is gone already (404), the refusal when the API answers 429 (a PodDisruptionBudget); other
     * failures are thrown.
     */
    private Eviction evictOne(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        String name = name(pod);
        try {
            client.raw(
                    "/api/v1/namespaces/" + namespace + "/pods/" + name + "/eviction",
                    "POST",
                    new EvictionBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .withNamespace(namespace)
                            .endMetadata()
                            .build());
            return new Eviction.Moving(1);
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return new Eviction.Empty(); // gone already: it has moved
            }
            if (e.getCode() == 429) {
                return new Eviction.Refused(namespace, name, refusal(e.getStatus()));
            }
            throw e;
        }
    }

    /** What the API said when it refused: its message and its causes' (the budget, its healthy pods). */
    private static String refusal(@Nullable Status status) {
        if (status == null) {
            return REFUSED;
        }
        List<String> words = new ArrayList<>();
        if (status.getMessage() != null && !status.getMessage().isBlank()) {
            words.add(status.getMessage().strip());
        }
        if (status.getDetails() != null && status.getDetails().getCauses() != null) {
            for (StatusCause cause : status.getDetails().getCauses()) {
                if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                    words.add(cause.getMessage().strip());
                }
            }
        }
        return words.isEmpty() ? REFUSED : String.join(" ", words);
    }

    /** The pods that have to move off {@code node}, by namespace and name. */
    private List<Pod> toMove(String node) {
        return client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems().stream()
                .filter(pod -> node.equals(nodeName(pod)) && hasToMove(pod))
                .sorted(Comparator.comparing(Fabric8Nodes::key))
                .toList();
    }

    /** Whether draining its node has to move {@code pod}: not a DaemonSet's, not a mirror pod, not finished. */
    private static boolean hasToMove(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        boolean daemon = owners != null && owners.stream().anyMatch(owner -> "DaemonSet".equals(owner.getKind()));
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        boolean mirror = annotations != null && annotations.containsKey(MIRROR);
        return !daemon && !mirror && !finished(pod);
    }

    private static boolean finished(Pod pod) {
        String phase = phase(pod);
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static boolean terminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** Ready, not cordoned, and no taint that keeps new pods off ({@code NoSchedule}, {@code NoExecute}). */
    private static boolean takesPods(Node node) {
        List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
        boolean tainted = taints != null
                && taints.stream()
                        .anyMatch(taint ->
                                "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect()));
        return ready(node) && !cordoned(node) && !tainted;
    }

    private static boolean ready(Node node) {
        List<NodeCondition> conditions =
                node.getStatus() == null ? null : node.getStatus().getConditions();
        return conditions != null
                && conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean cordoned(Node node) {
        return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    /** The last part of {@code spec.providerID} ({@code gce://project/zone/instance}), else the node's name. */
    private static String instance(Node node) {
        String provider = node.getSpec() == null ? null : node.getSpec().getProviderID();
        if (provider == null) {
            return name(node);
        }
        String last = provider.substring(provider.lastIndexOf('/') + 1).strip();
        return last.isEmpty() ? name(node) : last;
    }

    private static Optional<Instant> draining(Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        return instant(annotations == null ? null : annotations.get(DRAINING));
    }

    private static Map<String, String> labels(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static Optional<PodCondition> condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst();
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? "" : String.valueOf(pod.getStatus().getPhase());
    }

    private static @Nullable String nodeName(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    }

    private static String name(HasMetadata resource) {
        return resource.getMetadata().getName();
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + name(pod);
    }
}
