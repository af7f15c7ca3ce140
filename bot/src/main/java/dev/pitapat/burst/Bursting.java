package dev.pitapat.burst;

import dev.pitapat.burst.CapacityReport.Act;
import dev.pitapat.burst.InstanceGroup.GroupState;
import dev.pitapat.burst.Policy.Decision;
import dev.pitapat.burst.Policy.Memory;
import dev.pitapat.burst.Policy.Observation;
import dev.pitapat.kube.ClusterException;
import dev.pitapat.kube.Nodes;
import dev.pitapat.kube.Nodes.BurstNode;
import dev.pitapat.kube.Nodes.WaitingPod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One look at capacity: sample the signal and the pods waiting for room, read the group and its nodes, let the
 * {@link Policy} decide, carry the decision out (unless {@code dry-run}) and hand the {@link CapacityReport} on.
 * Scaling up resizes the group with a fresh request id; scaling down picks the ready burst node with the fewest pods
 * that fit elsewhere, cordons it and evicts its pods, and a later look, when it is empty, deletes exactly its VM from
 * the group. A drain in progress is carried on by whichever replica decides next: the node itself carries when it
 * began ({@link Nodes#DRAINING}). Only the caller's thread runs it; the caller holds the lease.
 */
final class Bursting {

    /** The number of instances when the group could not be read. */
    private static final int UNKNOWN = -1;

    private final BurstProperties properties;
    private final Policy policy;
    private final Signal signal;
    private final Nodes nodes;
    private final InstanceGroup group;
    private final Clock clock;

    Bursting(BurstProperties properties, Signal signal, Nodes nodes, InstanceGroup group, Clock clock) {
        this.properties = properties;
        this.policy = new Policy(Policy.Settings.of(properties));
        this.signal = signal;
        this.nodes = nodes;
        this.group = group;
        this.clock = clock;
    }

    /** A report and what to remember for the next look. */
    record Look(CapacityReport report, Memory memory) {}

    Look look(Memory memory) {
        Instant now = clock.instant();
        Reading reading = signal.read();
        List<WaitingPod> waiting;
        List<BurstNode> burstNodes;
        try {
            waiting = nodes.unschedulable();
            burstNodes = nodes.labelled(properties.labelKey(), properties.labelValue());
        } catch (ClusterException e) {
            Report report = new Report(now, reading, List.of(), UNKNOWN);
            return report.held(memory, Reason.CLUSTER_UNAVAILABLE, Optional.empty(), e.getMessage());
        }
        GroupState state;
        try {
            state = group.available() ? group.state() : standIn(burstNodes);
        } catch (ComputeException e) {
            Report report = new Report(now, reading, waiting, UNKNOWN);
            return report.held(memory, Reason.GROUP_UNAVAILABLE, Optional.empty(), e.getMessage());
        }
        Report report = new Report(now, reading, waiting, state.instances().size());
        Set<String> inGroup = state.instances().stream()
                .filter(i -> !"DELETING".equals(i.action()) && !"ABANDONING".equals(i.action()))
                .map(InstanceGroup.Instance::name)
                .collect(Collectors.toSet());
        Optional<BurstNode> draining = burstNodes.stream()
                .filter(n -> n.cordoned() && n.drainingSince().isPresent() && inGroup.contains(n.instance()))
                .findFirst();
        Decision decision = policy.decide(
                memory,
                new Observation(now, reading, waiting.size(), state.targetSize(), draining.map(BurstNode::name)));
        return switch (decision.kind()) {
            case HOLD ->
                draining.isPresent()
                        ? drain(report, decision, draining.get())
                        : report.of(decision, Act.NONE, Optional.empty(), "");
            case UP -> scaleUp(report, decision);
            case DOWN -> scaleDown(report, decision, burstNodes, inGroup);
        };
    }

    private Look scaleUp(Report report, Decision decision) {
        if (properties.dryRun()) {
            return report.of(decision, Act.WOULD_RESIZE, Optional.empty(), "");
        }
        try {
            GroupState after = group.resize(decision.to(), UUID.randomUUID().toString());
            return report.withInstances(after.instances().size()).of(decision, Act.RESIZED, Optional.empty(), "");
        } catch (ComputeException e) {
            return report.notDone(decision, Act.FAILED, Optional.empty(), e.getMessage());
        }
    }

    private Look scaleDown(Report report, Decision decision, List<BurstNode> burstNodes, Set<String> inGroup) {
        List<BurstNode> candidates = burstNodes.stream()
                .filter(n -> inGroup.contains(n.instance()) && n.ready() && !n.cordoned())
                .sorted(Comparator.comparingInt(BurstNode::pods).thenComparing(BurstNode::name))
                .toList();
        if (candidates.isEmpty()) {
            return report.of(
                    decision.heldFor(Reason.NO_NODE_FITS),
                    Act.NONE,
                    Optional.empty(),
                    "no ready burst node of the group can be drained");
        }
        String why = "";
        for (BurstNode candidate : candidates) {
            Nodes.Fit fit;
            try {
                fit = nodes.fitsElsewhere(candidate.name());
            } catch (ClusterException e) {
                return report.notDone(decision, Act.FAILED, Optional.of(candidate.name()), e.getMessage());
            }
            if (!fit.fits()) {
                why = why.isEmpty() ? candidate.name() + ": " + fit.why() : why;
                continue;
            }
            if (properties.dryRun()) {
                return report.of(decision, Act.WOULD_DRAIN, Optional.of(candidate.name()), "");
            }
            try {
                nodes.cordon(candidate.name(), report.at());
            } catch (ClusterException e) {
                return report.notDone(decision, Act.FAILED, Optional.of(candidate.name()), e.getMessage());
            }
            return drain(report, decision, withDrainingSince(candidate, report.at()));
        }
        return report.of(decision.heldFor(Reason.NO_NODE_FITS), Act.NONE, Optional.empty(), why);
    }

    /**
     * One pass of draining {@code node}: evict what is left; when nothing is, delete its VM from the group. A
     * PodDisruptionBudget's refusal uncordons it and keeps it (and starts the quiet time); so does a drain that
     * outlasts {@code drain-timeout}, whatever held it up. Until then a failure leaves it cordoned for the next look.
     */
    private Look drain(Report report, Decision decision, BurstNode node) {
        Optional<String> name = Optional.of(node.name());
        Instant since = node.drainingSince().orElse(report.at());
        boolean late = !report.at().isBefore(since.plus(properties.drainTimeout()));
        Memory quiet = decision.notDone().quiet(report.at(), properties.cooldown(), "removing " + node.name());
        try {
            switch (nodes.evict(node.name())) {
                case Nodes.Eviction.Refused refused -> {
                    nodes.uncordon(node.name());
                    Memory backOff = decision.notDone()
                            .quiet(report.at(), properties.cooldown(), "a PodDisruptionBudget kept " + node.name());
                    return report.as(
                            decision,
                            Act.EVICTION_REFUSED,
                            name,
                            refused.namespace() + "/" + refused.pod() + ": " + refused.message(),
                            backOff);
                }
                case Nodes.Eviction.Moving moving -> {
                    if (late) {
                        return givenUp(report, decision, node, moving.remaining() + " pod(s) still on it");
                    }
                    return report.as(
                            decision,
                            decision.kind() == Change.DOWN ? Act.DRAIN_STARTED : Act.DRAINING,
                            name,
                            moving.remaining() + " pod(s) moving",
                            decision.memory());
                }
                case Nodes.Eviction.Empty empty -> {
                    GroupState after = group.delete(node.instance(), requestIdOf(node, since));
                    return report.withInstances(after.instances().size())
                            .as(
                                    new Decision(
                                            Change.DOWN,
                                            decision.kind() == Change.DOWN ? decision.reason() : Reason.DRAINING,
                                            decision.from(),
                                            after.targetSize(),
                                            quiet,
                                            quiet),
                                    Act.REMOVED,
                                    name,
                                    "VM " + node.instance() + " deleted from " + properties.groupName(),
                                    quiet);
                }
            }
        } catch (ComputeException | ClusterException e) {
            if (late) {
                return givenUp(report, decision, node, e.getMessage());
            }
            return report.as(
                    decision, Act.FAILED, name, e.getMessage() + "; tried again at the next look", decision.memory());
        }
    }

    private Look givenUp(Report report, Decision decision, BurstNode node, String why) {
        String detail = "not drained within " + properties.drainTimeout().toMinutes() + "m (" + why + ")";
        try {
            nodes.uncordon(node.name());
        } catch (ClusterException e) {
            detail += "; uncordoning failed too: " + e.getMessage();
        }
        Memory quiet = decision.notDone().quiet(report.at(), properties.cooldown(), "gave up draining " + node.name());
        return report.as(decision, Act.DRAIN_GIVEN_UP, Optional.of(node.name()), detail, quiet);
    }

    /** The same drain deletes with the same request id, so a retry after a timeout deletes the VM once. */
    private static String requestIdOf(BurstNode node, Instant since) {
        return UUID.nameUUIDFromBytes(
                        ("delete " + node.instance() + " " + since).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    private static BurstNode withDrainingSince(BurstNode node, Instant since) {
        return new BurstNode(node.name(), node.instance(), node.ready(), true, Optional.of(since), node.pods());
    }

    /** Without a group (a dry run with none configured), the burst nodes stand for its instances. */
    private static GroupState standIn(List<BurstNode> burstNodes) {
        return new GroupState(
                burstNodes.size(),
                burstNodes.stream()
                        .map(n -> new InstanceGroup.Instance(n.instance(), n.ready() ? "RUNNING" : "", "NONE"))
                        .toList());
    }

    /** The numbers of one look, turned into its report. */
    private final class Report {
        private final Instant at;
        private final Reading reading;
        private final List<WaitingPod> waiting;
        private final int instances;

        Report(Instant at, Reading reading, List<WaitingPod> waiting, int instances) {
            this.at = at;
            this.reading = reading;
            this.waiting = waiting;
            this.instances = instances;
        }

        Instant at() {
            return at;
        }

        Report withInstances(int count) {
            return new Report(at, reading, waiting, count);
        }

        Look held(Memory memory, Reason reason, Optional<String> node, String detail) {
            return as(new Decision(Change.HOLD, reason, 0, 0, memory, memory), Act.NONE, node, detail, memory);
        }

        Look of(Decision decision, Act act, Optional<String> node, String detail) {
            return as(decision, act, node, detail, decision.memory());
        }

        Look notDone(Decision decision, Act act, Optional<String> node, String detail) {
            return as(decision, act, node, detail, decision.notDone());
        }

        Look as(Decision decision, Act act, Optional<String> node, String detail, Memory memory) {
            return new Look(
                    new CapacityReport(
                            at,
                            decision.kind(),
                            decision.reason(),
                            reading instanceof Reading.Value v ? Optional.of(v.ratio()) : Optional.empty(),
                            reading instanceof Reading.Unavailable u ? Optional.of(u.why()) : Optional.empty(),
                            waiting.size(),
                            waiting.stream()
                                    .map(WaitingPod::namespace)
                                    .distinct()
                                    .toList(),
                            decision.from(),
                            decision.to(),
                            instances >= 0 ? Optional.of(instances) : Optional.empty(),
                            act,
                            node,
                            detail,
                            properties.dryRun()),
                    memory);
        }
    }

    static Duration leaseTtl(Duration interval) {
        return interval.multipliedBy(2).plusMinutes(2);
    }
}
