package dev.pitapat.burst;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.burst.CapacityReport.Act;
import dev.pitapat.burst.Policy.Memory;
import dev.pitapat.kube.FakeNodes;
import dev.pitapat.kube.Nodes;
import dev.pitapat.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scaling down with the real adapters: the burst node on fabric8's mock API server (cordon, evictions through the
 * Eviction API, a PodDisruptionBudget's refusal) and its VM in the group at Compute's stand-in, deleted by name.
 */
class BurstDrainTest {

    private static final String VM = "pitapat-burst-x1k2";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final FakeNodes cluster = new FakeNodes();
    private final FakeCompute compute = FakeCompute.start("my-project", "europe-west1-b", "pitapat-burst");
    private Memory memory = Memory.START;
    private Bursting bursting;

    @BeforeEach
    void cluster() {
        compute.instances(VM);
        cluster.addNode("onprem-1").allocatable("8", "32Gi").add();
        cluster.addNode(VM)
                .label("pitapat.dev/burst", "true")
                .providerId("gce://my-project/europe-west1-b/" + VM)
                .allocatable("4", "16Gi")
                .add();
        cluster.addPod("shop-prod", "web-1").on(VM).requests("500m", "256Mi").add();
        cluster.addPod("kube-system", "calico-node-abcde")
                .on(VM)
                .requests("250m", "128Mi")
                .ownedBy("DaemonSet")
                .add();
        bursting = new Bursting(
                BurstSettings.of(false), () -> new Reading.Value(0.2), cluster.nodes(), compute.group(), clock);
    }

    @AfterEach
    void close() {
        cluster.close();
        compute.close();
    }

    private CapacityReport look() {
        Bursting.Look look = bursting.look(memory);
        memory = look.memory();
        clock.advance(Duration.ofSeconds(30));
        return look.report();
    }

    @Test
    void lowSamplesDrainTheBurstNodeAndDeleteExactlyItsVm() {
        look();
        look();
        CapacityReport started = look();

        assertThat(started.decision()).isEqualTo(Change.DOWN);
        assertThat(started.node()).contains(VM);
        assertThat(cluster.node(VM).orElseThrow().getSpec().getUnschedulable()).isTrue();
        assertThat(cluster.node(VM).orElseThrow().getMetadata().getAnnotations())
                .containsKey(Nodes.DRAINING);
        assertThat(cluster.evictionsAsked()).containsExactly("shop-prod/web-1");

        CapacityReport removed = started.act() == Act.REMOVED ? started : look();
        assertThat(removed.act()).isEqualTo(Act.REMOVED);
        assertThat(compute.deletes())
                .singleElement()
                .satisfies(delete ->
                        assertThat(delete.instances()).containsExactly("zones/europe-west1-b/instances/" + VM));
        assertThat(compute.resizes()).as("never a blind resize down").isEmpty();
        assertThat(compute.targetSize()).isZero();
        assertThat(cluster.podsOn(VM)).as("the DaemonSet pod stays").containsExactly("kube-system/calico-node-abcde");

        look();
        look();
        CapacityReport after = look();
        assertThat(after.reason())
                .as("the deleted VM's node is not drained again")
                .isEqualTo(Reason.MIN_NODES_REACHED);
        assertThat(compute.deletes()).hasSize(1);
    }

    @Test
    void aPodDisruptionBudgetKeepsTheNodeUncordoned() {
        cluster.refuseEviction("shop-prod", "web-1", "web-pdb");
        look();
        look();

        CapacityReport refused = look();

        assertThat(refused.act()).isEqualTo(Act.EVICTION_REFUSED);
        assertThat(refused.detail())
                .contains("shop-prod/web-1")
                .contains("Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(cluster.node(VM).orElseThrow().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
        assertThat(cluster.node(VM).orElseThrow().getMetadata().getAnnotations())
                .doesNotContainKey(Nodes.DRAINING);
        assertThat(cluster.podsOn(VM)).contains("shop-prod/web-1");
        assertThat(compute.deletes()).isEmpty();
        assertThat(compute.targetSize()).isEqualTo(1);
    }

    @Test
    void aNodeWhosePodsFitNowhereIsNotTouched() {
        cluster.addPod("shop-prod", "big-1").on(VM).requests("9", "1Gi").add();
        look();
        look();

        CapacityReport held = look();

        assertThat(held.reason()).isEqualTo(Reason.NO_NODE_FITS);
        assertThat(held.detail()).contains(VM).contains("shop-prod/big-1");
        assertThat(cluster.node(VM).orElseThrow().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
        assertThat(cluster.evictionsAsked()).isEmpty();
    }
}
