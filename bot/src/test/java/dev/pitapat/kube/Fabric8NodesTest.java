package dev.pitapat.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.kube.Nodes.BurstNode;
import dev.pitapat.kube.Nodes.Eviction;
import dev.pitapat.kube.Nodes.Fit;
import dev.pitapat.kube.Nodes.WaitingPod;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The nodes' adapter against fabric8's mock API server in CRUD mode, with the evictions, pods' field selectors and
 * merge-patch nulls of the real API server played by {@link FakeNodes}: which nodes are burst nodes and what they
 * carry, which pods wait for a node, whether a node's pods fit elsewhere, cordoning, and draining through evictions
 * that a PodDisruptionBudget may refuse.
 */
class Fabric8NodesTest {

    static final String BURST = "pitapat.dev/burst";
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final String PDB_SAYS = "Cannot evict pod as it would violate the pod's disruption budget."
            + " The disruption budget web-pdb needs 2 healthy pods and has 2 currently";

    FakeNodes cluster;
    Nodes nodes;

    @BeforeEach
    void cluster() {
        cluster = new FakeNodes();
        nodes = cluster.nodes();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void listsOnlyBurstNodesWithTheirInstanceReadinessCordonDrainingTimeAndPodsToMove() {
        cluster.addNode("onprem-1").add();
        cluster.addNode("onprem-2").label(BURST, "false").add();
        cluster.addNode("burst-a")
                .label(BURST, "true")
                .providerId("gce://acme-prod/europe-west1-b/pitapat-burst-7x2k")
                .add();
        cluster.addNode("burst-b")
                .label(BURST, "true")
                .notReady()
                .cordoned()
                .annotation(Nodes.DRAINING, "2026-12-03T10:00:00Z")
                .add();
        cluster.addNode("burst-c")
                .label(BURST, "true")
                .annotation(Nodes.DRAINING, "since lunch")
                .add();
        cluster.addPod("web", "api-7d9f-1").on("burst-a").add();
        cluster.addPod("web", "api-7d9f-2").on("burst-a").ownedBy("StatefulSet").add();
        cluster.addPod("kube-system", "fluent-bit-x1")
                .on("burst-a")
                .ownedBy("DaemonSet")
                .add();
        cluster.addPod("kube-system", "kube-proxy-burst-a")
                .on("burst-a")
                .mirror()
                .add();
        cluster.addPod("jobs", "report-1")
                .on("burst-a")
                .ownedBy("Job")
                .phase("Succeeded")
                .add();
        cluster.addPod("jobs", "report-2")
                .on("burst-a")
                .ownedBy("Job")
                .phase("Failed")
                .add();
        cluster.addPod("web", "api-7d9f-3").on("onprem-1").add();

        assertThat(nodes.labelled(BURST, "true"))
                .containsExactly(
                        new BurstNode("burst-a", "pitapat-burst-7x2k", true, false, Optional.empty(), 2),
                        new BurstNode("burst-b", "burst-b", false, true, Optional.of(T0), 0),
                        new BurstNode("burst-c", "burst-c", true, false, Optional.empty(), 0));
        assertThat(nodes.labelled(BURST, "elsewhere")).isEmpty();
    }

    @Test
    void unschedulableListsOnlyPodsTheSchedulerCouldNotPlaceOldestFirst() {
        cluster.addNode("onprem-1").add();
        cluster.addPod("web", "api-7d9f-2")
                .unschedulable(Optional.of(T0.plusSeconds(300)), "0/3 nodes are available: 3 Insufficient cpu.")
                .add();
        cluster.addPod("jobs", "report-1")
                .ownedBy("Job")
                .unschedulable(Optional.of(T0), "0/3 nodes are available: 3 Insufficient memory.")
                .add();
        cluster.addPod("web", "api-7d9f-3")
                .starting("onprem-1", T0.minusSeconds(60))
                .add();
        cluster.addPod("web", "api-7d9f-1").on("onprem-1").add();
        cluster.addPod("web", "api-7d9f-4").phase("Pending").add(); // not yet seen by the scheduler
        cluster.addPod("web", "api-7d9f-5")
                .unschedulable(Optional.of(T0.minusSeconds(600)), "0/3 nodes are available")
                .add();
        cluster.terminating("web", "api-7d9f-5");

        assertThat(nodes.unschedulable())
                .containsExactly(
                        new WaitingPod("jobs", "report-1", T0, "0/3 nodes are available: 3 Insufficient memory."),
                        new WaitingPod(
                                "web",
                                "api-7d9f-2",
                                T0.plusSeconds(300),
                                "0/3 nodes are available: 3 Insufficient cpu."));
    }

    @Test
    void aWaitingPodWithoutATransitionTimeWaitsSinceItWasCreated() {
        cluster.addPod("web", "api-7d9f-2")
                .unschedulable(Optional.empty(), "0/3 nodes are available")
                .add();
        Instant created = Instant.parse(
                cluster.pod("web", "api-7d9f-2").orElseThrow().getMetadata().getCreationTimestamp());

        assertThat(nodes.unschedulable())
                .containsExactly(new WaitingPod("web", "api-7d9f-2", created, "0/3 nodes are available"));
    }

    @Test
    void podsFitElsewhereWhenAnotherNodeHasRoomForThem() {
        cluster.addNode("burst-a").label(BURST, "true").add();
        cluster.addNode("onprem-1").allocatable("4", "8Gi").add();
        cluster.addPod("web", "big-1").on("onprem-1").requests("3", "6Gi").add();
        cluster.addPod("web", "api-7d9f-1")
                .on("burst-a")
                .requests("500m", "256Mi")
                .add();
        cluster.addPod("web", "api-7d9f-2")
                .on("burst-a")
                .requests("250m", "128Mi")
                .add();
        cluster.addPod("web", "sidecarless-1").on("burst-a").add(); // no requests: fits anywhere

        assertThat(nodes.fitsElsewhere("burst-a")).isEqualTo(new Fit(true, 3, ""));
    }

    @Test
    void podsDoNotFitWhenTheLargestLeftHasNoRoomAndThatPodIsNamed() {
        cluster.addNode("burst-a").label(BURST, "true").add();
        cluster.addNode("onprem-1").allocatable("4", "8Gi").add();
        cluster.addNode("onprem-2").allocatable("2", "4Gi").add();
        cluster.addPod("web", "big-1").on("onprem-1").requests("3200m", "1Gi").add();
        cluster.addPod("web", "big-2").on("onprem-2").requests("1500m", "1Gi").add();
        // free: onprem-1 800m, onprem-2 500m; placed largest first, each takes room from the next
        cluster.addPod("web", "api-7d9f-1")
                .on("burst-a")
                .requests("600m", "256Mi")
                .add();
        cluster.addPod("web", "api-7d9f-2")
                .on("burst-a")
                .requests("500m", "256Mi")
                .add();
        cluster.addPod("web", "api-7d9f-3")
                .on("burst-a")
                .requests("300m", "512Mi")
                .add();

        assertThat(nodes.fitsElsewhere("burst-a"))
                .isEqualTo(new Fit(false, 3, "web/api-7d9f-3 needs 300m CPU and 512Mi memory; no other node has room"));
    }

    @Test
    void memoryAloneCanLeaveNoRoom() {
        cluster.addNode("burst-a").label(BURST, "true").add();
        cluster.addNode("onprem-1").allocatable("8", "4Gi").add();
        cluster.addPod("web", "cache-1").on("burst-a").requests("100m", "6Gi").add();

        assertThat(nodes.fitsElsewhere("burst-a"))
                .isEqualTo(new Fit(false, 1, "web/cache-1 needs 100m CPU and 6Gi memory; no other node has room"));
    }

    @Test
    void fittingIgnoresDaemonSetMirrorAndFinishedPodsOnTheNode() {
        cluster.addNode("burst-a").label(BURST, "true").add();
        cluster.addNode("onprem-1").allocatable("1", "1Gi").add();
        cluster.addPod("kube-system", "fluent-bit-x1")
                .on("burst-a")
                .ownedBy("DaemonSet")
                .requests("2", "2Gi")
                .add();
        cluster.addPod("kube-system", "kube-proxy-burst-a")
                .on("burst-a")
                .mirror()
                .requests("2", "2Gi")
                .add();
        cluster.addPod("jobs", "report-1")
                .on("burst-a")
                .ownedBy("Job")
                .phase("Succeeded")
                .requests("2", "2Gi")
                .add();

        assertThat(nodes.fitsElsewhere("burst-a")).isEqualTo(new Fit(true, 0, ""));
    }

    @Test
    void cordonedNotReadyAndNoScheduleTaintedNodesTakeNoPods() {
        cluster.addNode("burst-a").label(BURST, "true").add();
        cluster.addNode("onprem-1").allocatable("16", "64Gi").cordoned().add();
        cluster.addNode("onprem-2").allocatable("16", "64Gi").notReady().add();
        cluster.addNode("onprem-3")
                .allocatable("16", "64Gi")
                .taint("dedicated", "NoSchedule")
                .add();
        cluster.addNode("onprem-4")
                .allocatable("16", "64Gi")
                .taint("node.kubernetes.io/out-of-service", "NoExecute")
                .add();
        cluster.addPod("web", "api-7d9f-1")
                .on("burst-a")
                .requests("500m", "256Mi")
                .add();

        assertThat(nodes.fitsElsewhere("burst-a"))
                .isEqualTo(new Fit(
                        false,
                        1,
                        "web/api-7d9f-1 needs 500m CPU and 256Mi memory; no other node is ready, uncordoned and"
                                + " without a NoSchedule taint"));

        cluster.addNode("onprem-5")
                .allocatable("1", "1Gi")
                .taint("spot", "PreferNoSchedule")
                .add();
        assertThat(nodes.fitsElsewhere("burst-a")).isEqualTo(new Fit(true, 1, ""));
    }

    @Test
    void aCandidatesRoomIsWhatItsUnfinishedPodsDaemonSetsIncludedLeave() {
        cluster.addNode("burst-a").label(BURST, "true").add();
        cluster.addNode("onprem-1").allocatable("2", "4Gi").add();
        cluster.addPod("kube-system", "fluent-bit-y1")
                .on("onprem-1")
                .ownedBy("DaemonSet")
                .requests("1", "1Gi")
                .add();
        cluster.addPod("web", "api-7d9f-9")
                .on("onprem-1")
                .requests("500m", "1Gi")
                .add();
        cluster.addPod("jobs", "report-1")
                .on("onprem-1")
                .ownedBy("Job")
                .phase("Succeeded")
                .requests("1", "1Gi")
                .add();
        // 500m left on onprem-1: the first pod takes it, the second finds none
        cluster.addPod("web", "api-7d9f-1")
                .on("burst-a")
                .requests("500m", "256Mi")
                .add();
        cluster.addPod("web", "api-7d9f-2")
                .on("burst-a")
                .requests("100m", "64Mi")
                .add();

        assertThat(nodes.fitsElsewhere("burst-a"))
                .isEqualTo(new Fit(false, 2, "web/api-7d9f-2 needs 100m CPU and 64Mi memory; no other node has room"));

        cluster.addNode("onprem-2").allocatable("2", "4Gi").add();
        assertThat(nodes.fitsElsewhere("burst-a")).isEqualTo(new Fit(true, 2, ""));
    }

    @Test
    void aPodNeedsItsLargestInitContainerWhenThatIsMoreThanItsContainers() {
        cluster.addNode("burst-a").label(BURST, "true").add();
        cluster.addNode("onprem-1").allocatable("1", "4Gi").add();
        cluster.addPod("web", "api-7d9f-1")
                .on("burst-a")
                .requests("100m", "128Mi")
                .initContainer("1500m", "64Mi")
                .add();

        assertThat(nodes.fitsElsewhere("burst-a"))
                .isEqualTo(
                        new Fit(false, 1, "web/api-7d9f-1 needs 1500m CPU and 128Mi memory; no other node has room"));
    }

    @Test
    void cordonMarksTheNodeUnschedulableAndNotesWhenDrainingBeganUncordonUndoesBoth() {
        cluster.addNode("burst-a")
                .label(BURST, "true")
                .annotation("node.alpha.kubernetes.io/ttl", "0")
                .add();

        nodes.cordon("burst-a", T0);

        Node cordoned = cluster.node("burst-a").orElseThrow();
        assertThat(cordoned.getSpec().getUnschedulable()).isTrue();
        assertThat(cordoned.getMetadata().getAnnotations())
                .containsEntry(Nodes.DRAINING, "2026-12-03T10:00:00Z")
                .containsEntry("node.alpha.kubernetes.io/ttl", "0");
        assertThat(nodes.labelled(BURST, "true"))
                .containsExactly(new BurstNode("burst-a", "burst-a", true, true, Optional.of(T0), 0));

        nodes.uncordon("burst-a");

        Node uncordoned = cluster.node("burst-a").orElseThrow();
        assertThat(uncordoned.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
        assertThat(uncordoned.getMetadata().getAnnotations())
                .doesNotContainKey(Nodes.DRAINING)
                .containsEntry("node.alpha.kubernetes.io/ttl", "0");
        assertThat(nodes.labelled(BURST, "true"))
                .containsExactly(new BurstNode("burst-a", "burst-a", true, false, Optional.empty(), 0));
    }

    @Test
    void uncordoningANodeThatIsGoneIsFineCordoningItIsNot() {
        cluster.addNode("burst-a").label(BURST, "true").add();
        cluster.deleteNode("burst-a");

        nodes.uncordon("burst-a");

        assertThatThrownBy(() -> nodes.cordon("burst-a", T0))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("cordoning node burst-a")
                .hasMessageContaining("404");
    }

    @Test
    void evictionsEmptyTheNodeOverPassesAndLeaveDaemonSetAndMirrorPods() {
        cluster.addNode("burst-a").label(BURST, "true").add();
        cluster.addPod("web", "api-7d9f-1").on("burst-a").add();
        cluster.addPod("web", "api-7d9f-2").on("burst-a").add();
        cluster.addPod("kube-system", "fluent-bit-x1")
                .on("burst-a")
                .ownedBy("DaemonSet")
                .add();
        cluster.addPod("kube-system", "kube-proxy-burst-a")
                .on("burst-a")
                .mirror()
                .add();
        cluster.addPod("jobs", "report-1")
                .on("burst-a")
                .ownedBy("Job")
                .phase("Succeeded")
                .add();
        cluster.addPod("web", "api-7d9f-3").on("onprem-1").add();

        assertThat(nodes.evict("burst-a")).isEqualTo(new Eviction.Moving(2));
        assertThat(cluster.evictionsAsked()).containsExactly("web/api-7d9f-1", "web/api-7d9f-2");
        assertThat(cluster.podsOn("burst-a"))
                .containsExactly("jobs/report-1", "kube-system/fluent-bit-x1", "kube-system/kube-proxy-burst-a");

        assertThat(nodes.evict("burst-a")).isEqualTo(new Eviction.Empty());
        assertThat(cluster.evictionsAsked()).hasSize(2);
        assertThat(cluster.pod("web", "api-7d9f-3")).isPresent();
    }

    @Test
    void aBudgetsRefusalStopsThePassWithThePodAndWhatTheApiSaid() {
        cluster.addNode("burst-a").label(BURST, "true").add();
        cluster.addPod("web", "api-7d9f-1").on("burst-a").add();
        cluster.addPod("web", "api-7d9f-2").on("burst-a").add();
        cluster.refuseEviction("web", "api-7d9f-1", "web-pdb");

        assertThat(nodes.evict("burst-a")).isEqualTo(new Eviction.Refused("web", "api-7d9f-1", PDB_SAYS));
        assertThat(cluster.podsOn("burst-a")).containsExactly("web/api-7d9f-1", "web/api-7d9f-2");
        assertThat(cluster.evictionsAsked()).doesNotContain("web/api-7d9f-2");

        cluster.allowEviction("web", "api-7d9f-1");
        assertThat(nodes.evict("burst-a")).isEqualTo(new Eviction.Moving(2));
        assertThat(nodes.evict("burst-a")).isEqualTo(new Eviction.Empty());
    }

    @Test
    void aRefusalWithoutAMessageSaysABudgetDoesNotAllowItNow() {
        cluster.addNode("burst-a").label(BURST, "true").add();
        cluster.addPod("web", "api-7d9f-1").on("burst-a").add();
        cluster.failEviction("web", "api-7d9f-1", 429, "");

        assertThat(nodes.evict("burst-a"))
                .isEqualTo(new Eviction.Refused("web", "api-7d9f-1", "a PodDisruptionBudget does not allow it now"));
    }

    @Test
    void aTerminatingPodIsCountedButNotEvictedAgain() {
        cluster.addNode("burst-a").label(BURST, "true").add();
        cluster.addPod("web", "api-7d9f-1").on("burst-a").add();
        cluster.addPod("web", "api-7d9f-2").on("burst-a").add();
        cluster.terminating("web", "api-7d9f-1");

        assertThat(nodes.evict("burst-a")).isEqualTo(new Eviction.Moving(2));
        assertThat(cluster.evictionsAsked()).containsExactly("web/api-7d9f-2");

        assertThat(nodes.evict("burst-a")).isEqualTo(new Eviction.Moving(1));
        assertThat(cluster.evictionsAsked()).containsExactly("web/api-7d9f-2");

        cluster.terminated("web", "api-7d9f-1");
        assertThat(nodes.evict("burst-a")).isEqualTo(new Eviction.Empty());
    }

    @Test
    void aPodGoneBeforeItsEvictionCountsAsMoved() {
        cluster.addNode("burst-a").label(BURST, "true").add();
        cluster.addPod("web", "api-7d9f-1").on("burst-a").add();
        cluster.failEviction("web", "api-7d9f-1", 404, "pods \"api-7d9f-1\" not found");

        assertThat(nodes.evict("burst-a")).isEqualTo(new Eviction.Empty());
    }

    @Test
    void otherEvictionFailuresAreThrownNamingThePodAndTheNode() {
        cluster.addNode("burst-a").label(BURST, "true").add();
        cluster.addPod("web", "api-7d9f-1").on("burst-a").add();
        cluster.failEviction("web", "api-7d9f-1", 403, "pods \"api-7d9f-1\" is forbidden");

        assertThatThrownBy(() -> nodes.evict("burst-a"))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("evicting pod web/api-7d9f-1 to drain node burst-a")
                .hasMessageContaining("403");
    }
}
