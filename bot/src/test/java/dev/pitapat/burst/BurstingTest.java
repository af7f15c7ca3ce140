package dev.pitapat.burst;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.burst.CapacityReport.Act;
import dev.pitapat.burst.InstanceGroup.GroupState;
import dev.pitapat.burst.Policy.Memory;
import dev.pitapat.kube.ClusterException;
import dev.pitapat.kube.Nodes;
import dev.pitapat.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One look at capacity, carried out: the decision reaches the group and the nodes as it should, and what could not
 * be done is reported and left safe. The group and the nodes are plain doubles of pitapat's own seams here; the real
 * adapters are tested against Compute's and Kubernetes' stand-ins ({@code ComputeInstanceGroupTest},
 * {@code Fabric8NodesTest}) and together in {@code CapacityEndToEndTest}.
 */
class BurstingTest {

    private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final Deque<Reading> readings = new ArrayDeque<>();
    private final StubNodes nodes = new StubNodes();
    private final StubGroup group = new StubGroup();
    private Memory memory = Memory.START;

    private Bursting bursting(boolean dryRun) {
        return new Bursting(
                BurstSettings.of(dryRun),
                () -> readings.isEmpty() ? new Reading.Value(0.6) : readings.poll(),
                nodes,
                group,
                clock);
    }

    private CapacityReport look(Bursting bursting) {
        Bursting.Look look = bursting.look(memory);
        memory = look.memory();
        clock.advance(Duration.ofSeconds(30));
        return look.report();
    }

    private CapacityReport looks(Bursting bursting, double ratio, int times) {
        CapacityReport last = null;
        for (int i = 0; i < times; i++) {
            readings.add(new Reading.Value(ratio));
            last = look(bursting);
        }
        return last;
    }

    @Test
    void threeHighSamplesResizeTheGroupWithARequestIdAndReportWhatComputeConfirmed() {
        Bursting bursting = bursting(false);

        CapacityReport report = looks(bursting, 0.9, 3);

        assertThat(group.resizes).hasSize(1);
        assertThat(group.resizes.getFirst().size()).isEqualTo(1);
        assertThat(group.resizes.getFirst().requestId()).matches("[0-9a-f-]{36}");
        assertThat(report.decision()).isEqualTo(Change.UP);
        assertThat(report.reason()).isEqualTo(Reason.ABOVE_THRESHOLD);
        assertThat(report.act()).isEqualTo(Act.RESIZED);
        assertThat(report.ratio()).contains(0.9);
        assertThat(report.instances()).contains(1);
        assertThat(memory.quietAt(clock.instant())).isTrue();
    }

    @Test
    void aDryRunDecidesAndReportsButNeverResizes() {
        CapacityReport report = looks(bursting(true), 0.9, 3);

        assertThat(group.resizes).isEmpty();
        assertThat(report.act()).isEqualTo(Act.WOULD_RESIZE);
        assertThat(report.dryRun()).isTrue();
    }

    @Test
    void aFailedResizeIsReportedAndTriedAgainAtTheNextLookWithoutACooldown() {
        Bursting bursting = bursting(false);
        group.failNext = new ComputeException("resizing instance group burst in europe-west1-b to 1: HTTP 503", null);

        CapacityReport failed = looks(bursting, 0.9, 3);
        CapacityReport again = looks(bursting, 0.9, 1);

        assertThat(failed.act()).isEqualTo(Act.FAILED);
        assertThat(failed.detail()).contains("HTTP 503");
        assertThat(again.act()).isEqualTo(Act.RESIZED);
        assertThat(group.target).isEqualTo(1);
    }

    @Test
    void podsThatCannotBeScheduledAddANodeAndTheReportNamesTheirNamespaces() {
        nodes.waiting.add(new Nodes.WaitingPod("hello-staging", "web-1", START, "0/3 nodes are available"));
        nodes.waiting.add(new Nodes.WaitingPod("hello-staging", "web-2", START, "0/3 nodes are available"));

        CapacityReport report = looks(bursting(false), 0.4, 3);

        assertThat(report.reason()).isEqualTo(Reason.UNSCHEDULABLE_PODS);
        assertThat(report.waitingPods()).isEqualTo(2);
        assertThat(report.waitingNamespaces()).containsExactly("hello-staging");
        assertThat(group.target).isEqualTo(1);
    }

    @Test
    void scalingDownDrainsTheFittingNodeWithFewestPodsThenDeletesExactlyItsVm() {
        group.target = 2;
        group.instances.put("burst-a", "RUNNING");
        group.instances.put("burst-b", "RUNNING");
        nodes.add("burst-a", 3, true);
        nodes.add("burst-b", 1, true);
        Bursting bursting = bursting(false);
        nodes.evictions.add(new Nodes.Eviction.Moving(1));

        CapacityReport started = looks(bursting, 0.2, 3);

        assertThat(started.decision()).isEqualTo(Change.DOWN);
        assertThat(started.act()).isEqualTo(Act.DRAIN_STARTED);
        assertThat(started.node()).contains("burst-b");
        assertThat(nodes.cordoned).containsExactly("burst-b");
        assertThat(group.deletes).isEmpty();

        nodes.evictions.add(new Nodes.Eviction.Moving(1));
        CapacityReport moving = looks(bursting, 0.2, 1);
        assertThat(moving.reason()).isEqualTo(Reason.DRAINING);
        assertThat(moving.act()).isEqualTo(Act.DRAINING);
        assertThat(group.deletes).isEmpty();

        CapacityReport removed = looks(bursting, 0.2, 1);
        assertThat(removed.act()).isEqualTo(Act.REMOVED);
        assertThat(group.deletes).extracting(Delete::instance).containsExactly("burst-b");
        assertThat(group.target).isEqualTo(1);
        assertThat(group.resizes).as("never a blind resize down").isEmpty();
        assertThat(memory.quietAt(clock.instant())).isTrue();
    }

    @Test
    void aPodDisruptionBudgetRefusalUncordonsAndKeepsTheNodeAndBacksOff() {
        group.target = 1;
        group.instances.put("burst-a", "RUNNING");
        nodes.add("burst-a", 2, true);
        nodes.evictions.add(new Nodes.Eviction.Refused(
                "shop-prod", "web-1", "Cannot evict pod as it would violate the pod's disruption budget."));
        Bursting bursting = bursting(false);

        CapacityReport report = looks(bursting, 0.2, 3);

        assertThat(report.act()).isEqualTo(Act.EVICTION_REFUSED);
        assertThat(report.detail()).contains("shop-prod/web-1").contains("disruption budget");
        assertThat(nodes.cordoned).isEmpty();
        assertThat(nodes.uncordoned).containsExactly("burst-a");
        assertThat(group.deletes).isEmpty();
        CapacityReport next = looks(bursting, 0.2, 3);
        assertThat(next.reason()).as("backs off for the cooldown").isEqualTo(Reason.COOLDOWN);
    }

    @Test
    void aDrainThatOutlastsItsTimeoutIsGivenUpAndTheNodeUncordoned() {
        group.target = 1;
        group.instances.put("burst-a", "RUNNING");
        nodes.add("burst-a", 2, true);
        Bursting bursting = bursting(false);
        for (int i = 0; i < 30; i++) {
            nodes.evictions.add(new Nodes.Eviction.Moving(2));
        }
        looks(bursting, 0.2, 3);
        assertThat(nodes.cordoned).containsExactly("burst-a");

        clock.advance(BurstSettings.DRAIN_TIMEOUT);
        CapacityReport report = looks(bursting, 0.2, 1);

        assertThat(report.act()).isEqualTo(Act.DRAIN_GIVEN_UP);
        assertThat(report.detail()).contains("2 pod(s) still on it");
        assertThat(nodes.cordoned).isEmpty();
        assertThat(group.deletes).isEmpty();
    }

    @Test
    void aFailedDeleteKeepsTheNodeCordonedAndIsRetriedWithTheSameRequestId() {
        group.target = 1;
        group.instances.put("burst-a", "RUNNING");
        nodes.add("burst-a", 0, true);
        group.failNext = new ComputeException("deleting burst-a: HTTP 500", null);
        Bursting bursting = bursting(false);

        CapacityReport failed = looks(bursting, 0.2, 3);
        assertThat(failed.act()).isEqualTo(Act.FAILED);
        assertThat(nodes.cordoned).containsExactly("burst-a");

        CapacityReport removed = looks(bursting, 0.2, 1);
        assertThat(removed.act()).isEqualTo(Act.REMOVED);
        assertThat(group.deletes).hasSize(2);
        assertThat(group.deletes.get(0).requestId())
                .isEqualTo(group.deletes.get(1).requestId());
    }

    @Test
    void whenNoBurstNodesPodsFitElsewhereNothingIsCordoned() {
        group.target = 1;
        group.instances.put("burst-a", "RUNNING");
        nodes.add("burst-a", 4, false);

        CapacityReport report = looks(bursting(false), 0.2, 3);

        assertThat(report.decision()).isEqualTo(Change.HOLD);
        assertThat(report.reason()).isEqualTo(Reason.NO_NODE_FITS);
        assertThat(report.detail()).contains("burst-a").contains("no other node has room");
        assertThat(nodes.cordoned).isEmpty();
    }

    @Test
    void aGroupThatCannotBeReadHoldsAndSaysWhy() {
        group.unreadable = true;

        CapacityReport report = looks(bursting(false), 0.9, 3);

        assertThat(report.reason()).isEqualTo(Reason.GROUP_UNAVAILABLE);
        assertThat(report.detail()).contains("HTTP 403");
        assertThat(report.instances()).as("its size is not known").isEmpty();
        assertThat(new CapacityWords(BurstSettings.of(false)).logLine(report))
                .contains("group=unknown instances=unknown act=none");
        assertThat(group.resizes).isEmpty();
    }

    @Test
    void aClusterThatCannotBeReadHolds() {
        nodes.unreadable = true;

        CapacityReport report = looks(bursting(false), 0.9, 3);

        assertThat(report.reason()).isEqualTo(Reason.CLUSTER_UNAVAILABLE);
        assertThat(group.resizes).isEmpty();
    }

    @Test
    void anUnavailableSignalHoldsAndSaysWhy() {
        for (int i = 0; i < 5; i++) {
            readings.add(new Reading.Unavailable("the query gave NaN"));
        }
        Bursting bursting = bursting(false);
        CapacityReport report = null;
        for (int i = 0; i < 5; i++) {
            report = look(bursting);
        }

        assertThat(report.reason()).isEqualTo(Reason.SIGNAL_UNAVAILABLE);
        assertThat(report.signalProblem()).contains("the query gave NaN");
        assertThat(group.resizes).isEmpty();
    }

    record Resize(int size, String requestId) {}

    record Delete(String instance, String requestId) {}

    /** The group as Compute keeps it: a target size and named instances. */
    static final class StubGroup implements InstanceGroup {
        int target;
        final Map<String, String> instances = new LinkedHashMap<>();
        final List<Resize> resizes = new ArrayList<>();
        final List<Delete> deletes = new ArrayList<>();
        ComputeException failNext;
        boolean unreadable;

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public GroupState state() {
            if (unreadable) {
                throw new ComputeException("reading instance group burst: HTTP 403 (permission denied)", null);
            }
            return new GroupState(
                    target,
                    instances.entrySet().stream()
                            .map(e -> new Instance(e.getKey(), e.getValue(), "NONE"))
                            .toList());
        }

        @Override
        public GroupState resize(int targetSize, String requestId) {
            resizes.add(new Resize(targetSize, requestId));
            failIfAsked();
            while (instances.size() < targetSize) {
                instances.put("burst-" + (instances.size() + 1), "PROVISIONING");
            }
            target = targetSize;
            return state();
        }

        @Override
        public GroupState delete(String instance, String requestId) {
            deletes.add(new Delete(instance, requestId));
            failIfAsked();
            instances.remove(instance);
            target--;
            return state();
        }

        private void failIfAsked() {
            ComputeException failure = failNext;
            failNext = null;
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** The cluster's nodes as the seam shows them, with scripted eviction passes (Empty once none is left). */
    static final class StubNodes implements Nodes {
        final Map<String, BurstNode> nodes = new LinkedHashMap<>();
        final Map<String, Boolean> fits = new LinkedHashMap<>();
        final List<WaitingPod> waiting = new ArrayList<>();
        final List<String> cordoned = new ArrayList<>();
        final List<String> uncordoned = new ArrayList<>();
        final Deque<Eviction> evictions = new ArrayDeque<>();
        boolean unreadable;

        void add(String name, int pods, boolean fit) {
            nodes.put(name, new BurstNode(name, name, true, false, Optional.empty(), pods));
            fits.put(name, fit);
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public List<BurstNode> labelled(String key, String value) {
            return List.copyOf(nodes.values());
        }

        @Override
        public List<WaitingPod> unschedulable() {
            if (unreadable) {
                throw new ClusterException("listing pods: connection refused", null);
            }
            return List.copyOf(waiting);
        }

        @Override
        public Fit fitsElsewhere(String node) {
            return fits.get(node)
                    ? new Fit(true, nodes.get(node).pods(), "")
                    : new Fit(false, nodes.get(node).pods(), "shop-prod/web-1 needs 2 CPU; no other node has room");
        }

        @Override
        public void cordon(String node, Instant since) {
            BurstNode n = nodes.get(node);
            nodes.put(node, new BurstNode(node, n.instance(), n.ready(), true, Optional.of(since), n.pods()));
            cordoned.add(node);
        }

        @Override
        public void uncordon(String node) {
            BurstNode n = nodes.get(node);
            nodes.put(node, new BurstNode(node, n.instance(), n.ready(), false, Optional.empty(), n.pods()));
            cordoned.remove(node);
            uncordoned.add(node);
        }

        @Override
        public Eviction evict(String node) {
            return evictions.isEmpty() ? new Eviction.Empty() : evictions.poll();
        }
    }
}
