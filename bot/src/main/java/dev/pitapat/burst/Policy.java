package dev.pitapat.burst;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the burst group grows or shrinks: a pure function of the settings, what was remembered from earlier samples
 * and this sample. Thresholds with hysteresis (at or above {@code scale-up-at} is high, at or below
 * {@code scale-down-at} low, between them nothing changes), {@code samples} consecutive samples that must agree, a
 * quiet time after every change, and the group's bounds. Pods that cannot be scheduled count as high whatever the
 * ratio says, even when the ratio is unavailable; an unavailable ratio otherwise holds and breaks the run of agreeing
 * samples. Whether a node can actually be removed (its pods fit elsewhere) is the caller's to find out.
 */
final class Policy {

    /** The settings the policy reads. */
    record Settings(double upAt, double downAt, int samples, Duration cooldown, int minNodes, int maxNodes, int step) {

        static Settings of(BurstProperties properties) {
            return new Settings(
                    properties.scaleUpAt(),
                    properties.scaleDownAt(),
                    properties.samples(),
                    properties.cooldown(),
                    properties.minNodes(),
                    properties.maxNodes(),
                    properties.step());
        }
    }

    /** Where one sample falls. */
    enum Zone {
        /** At or above scale-up-at, or pods wait for room. */
        HIGH,
        /** At or below scale-down-at, no pod waiting. */
        LOW,
        /** In between: nothing changes. */
        BAND,
        /** No usable sample. */
        NONE
    }

    /**
     * What the policy remembers between samples (kept in the store, so another replica carries on).
     *
     * @param streak how many consecutive samples fell in {@code zone}
     * @param quietUntil no change before this instant (a change was made, or a drain was refused)
     * @param quietBecause what started the quiet time, for people to read
     */
    record Memory(Zone zone, int streak, Optional<Instant> quietUntil, String quietBecause) {

        static final Memory START = new Memory(Zone.NONE, 0, Optional.empty(), "");

        /** Quiet for {@code cooldown} from {@code now}, and the run of samples starts again. */
        Memory quiet(Instant now, Duration cooldown, String because) {
            return new Memory(Zone.NONE, 0, Optional.of(now.plus(cooldown)), because);
        }

        boolean quietAt(Instant now) {
            return quietUntil.filter(now::isBefore).isPresent();
        }
    }

    /**
     * One sample and the group as it is.
     *
     * @param waitingPods pods the scheduler could not place
     * @param groupSize the group's target size
     * @param draining a burst node being drained, if any: nothing else changes meanwhile
     */
    record Observation(Instant at, Reading reading, int waitingPods, int groupSize, Optional<String> draining) {}

    /**
     * A decision: {@code from} and {@code to} are the group's target sizes (equal for a hold), {@code memory} what
     * to remember for the next sample when it is carried out, {@code notDone} when it is not (the change failed or
     * no node could be removed: the quiet time does not start and the agreeing samples still count).
     */
    record Decision(Change kind, Reason reason, int from, int to, Memory memory, Memory notDone) {

        /** The same sample, held for the caller's {@code reason} instead. */
        Decision heldFor(Reason reason) {
            return new Decision(Change.HOLD, reason, from, from, notDone, notDone);
        }
    }

    private final Settings settings;

    Policy(Settings settings) {
        this.settings = settings;
    }

    Decision decide(Memory memory, Observation now) {
        Zone zone = zoneOf(now);
        int streak = zone == Zone.NONE ? 0 : zone == memory.zone() ? memory.streak() + 1 : 1;
        Memory next = new Memory(zone, streak, memory.quietUntil(), memory.quietBecause());
        int size = now.groupSize();
        if (now.draining().isPresent()) {
            return hold(Reason.DRAINING, size, next);
        }
        if (zone == Zone.NONE) {
            return hold(Reason.SIGNAL_UNAVAILABLE, size, next);
        }
        boolean quiet = memory.quietAt(now.at());
        if (size < settings.minNodes()) {
            return quiet
                    ? hold(Reason.COOLDOWN, size, next)
                    : change(Change.UP, Reason.BELOW_MIN_NODES, size, settings.minNodes(), next, now.at());
        }
        if (size > settings.maxNodes()) {
            return quiet
                    ? hold(Reason.COOLDOWN, size, next)
                    : change(Change.DOWN, Reason.ABOVE_MAX_NODES, size, size - 1, next, now.at());
        }
        if (zone == Zone.BAND) {
            return hold(Reason.WITHIN_BAND, size, next);
        }
        if (streak < settings.samples()) {
            return hold(Reason.AWAITING_SAMPLES, size, next);
        }
        if (zone == Zone.HIGH) {
            if (size >= settings.maxNodes()) {
                return hold(Reason.MAX_NODES_REACHED, size, next);
            }
            if (quiet) {
                return hold(Reason.COOLDOWN, size, next);
            }
            Reason why = now.reading() instanceof Reading.Value v && v.ratio() >= settings.upAt()
                    ? Reason.ABOVE_THRESHOLD
                    : Reason.UNSCHEDULABLE_PODS;
            return change(Change.UP, why, size, Math.min(size + settings.step(), settings.maxNodes()), next, now.at());
        }
        if (size <= settings.minNodes()) {
            return hold(Reason.MIN_NODES_REACHED, size, next);
        }
        if (quiet) {
            return hold(Reason.COOLDOWN, size, next);
        }
        return change(Change.DOWN, Reason.BELOW_THRESHOLD, size, size - 1, next, now.at());
    }

    private Zone zoneOf(Observation now) {
        if (now.waitingPods() > 0) {
            return Zone.HIGH;
        }
        if (!(now.reading() instanceof Reading.Value value)) {
            return Zone.NONE;
        }
        if (value.ratio() >= settings.upAt()) {
            return Zone.HIGH;
        }
        return value.ratio() <= settings.downAt() ? Zone.LOW : Zone.BAND;
    }

    private static Decision hold(Reason reason, int size, Memory memory) {
        return new Decision(Change.HOLD, reason, size, size, memory, memory);
    }

    private Decision change(Change kind, Reason reason, int from, int to, Memory memory, Instant at) {
        String because = (kind == Change.UP ? "adding " : "removing ") + "nodes (" + from + " -> " + to + ")";
        return new Decision(kind, reason, from, to, memory.quiet(at, settings.cooldown(), because), memory);
    }
}
