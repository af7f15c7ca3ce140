package dev.pitapat.burst;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.burst.Policy.Decision;
import dev.pitapat.burst.Policy.Memory;
import dev.pitapat.burst.Policy.Observation;
import dev.pitapat.burst.Policy.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The burst policy as a table: a run of samples one minute apart (a ratio; {@code nan}, {@code gap} for none;
 * {@code +pods} when pods wait for room; {@code drain} while a node is drained) against a group that starts at
 * {@code size} and follows every change, and the decisions it gives, one per sample ({@code hold:reason},
 * {@code up:N}, {@code down:N}).
 */
class PolicyTest {

    /** scale up at 0.80, down at 0.50, 3 samples, cooldown 10 minutes, 0 to 3 nodes, step 1. */
    private static final Settings DEFAULTS = new Settings(0.80, 0.50, 3, Duration.ofMinutes(10), 0, 3, 1);

    static Stream<Arguments> table() {
        return Stream.of(
                row(
                        "rising: three high samples add one node",
                        DEFAULTS,
                        0,
                        "0.60 0.85 0.90 0.95",
                        "hold:within_band hold:awaiting_samples hold:awaiting_samples up:1"),
                row(
                        "exactly at the threshold counts",
                        DEFAULTS,
                        0,
                        "0.80 0.80 0.80",
                        "hold:awaiting_samples hold:awaiting_samples up:1"),
                row(
                        "falling: three low samples remove one node",
                        DEFAULTS,
                        2,
                        "0.40 0.30 0.20",
                        "hold:awaiting_samples hold:awaiting_samples down:1"),
                row(
                        "flapping across the band never agrees",
                        DEFAULTS,
                        1,
                        "0.90 0.40 0.90 0.40 0.90 0.40 0.90",
                        "hold:awaiting_samples hold:awaiting_samples hold:awaiting_samples hold:awaiting_samples"
                                + " hold:awaiting_samples hold:awaiting_samples hold:awaiting_samples"),
                row(
                        "a sample inside the band breaks the run",
                        DEFAULTS,
                        0,
                        "0.90 0.90 0.70 0.90 0.90",
                        "hold:awaiting_samples hold:awaiting_samples hold:within_band hold:awaiting_samples"
                                + " hold:awaiting_samples"),
                row(
                        "hysteresis: between the thresholds nothing changes either way",
                        DEFAULTS,
                        2,
                        "0.79 0.51 0.65 0.79 0.51",
                        "hold:within_band hold:within_band hold:within_band hold:within_band hold:within_band"),
                row(
                        "a gap holds and breaks the run",
                        DEFAULTS,
                        0,
                        "0.90 0.90 gap 0.90 0.90 0.90",
                        "hold:awaiting_samples hold:awaiting_samples hold:signal_unavailable hold:awaiting_samples"
                                + " hold:awaiting_samples up:1"),
                row(
                        "NaN never scales to zero",
                        DEFAULTS,
                        2,
                        "nan nan nan nan",
                        "hold:signal_unavailable hold:signal_unavailable hold:signal_unavailable"
                                + " hold:signal_unavailable"),
                row(
                        "low samples around a gap do not remove a node",
                        DEFAULTS,
                        2,
                        "0.10 0.10 nan 0.10 0.10",
                        "hold:awaiting_samples hold:awaiting_samples hold:signal_unavailable hold:awaiting_samples"
                                + " hold:awaiting_samples"),
                row(
                        "max reached: never beyond max-nodes",
                        DEFAULTS,
                        2,
                        "0.95 0.95 0.95 0.95 0.95 0.95 0.95 0.95 0.95 0.95 0.95 0.95 0.95 0.95 0.95",
                        "hold:awaiting_samples hold:awaiting_samples up:3 hold:awaiting_samples"
                                + " hold:awaiting_samples hold:max_nodes_reached hold:max_nodes_reached"
                                + " hold:max_nodes_reached hold:max_nodes_reached hold:max_nodes_reached"
                                + " hold:max_nodes_reached hold:max_nodes_reached hold:max_nodes_reached"
                                + " hold:max_nodes_reached hold:max_nodes_reached"),
                row(
                        "cooldown: no change for 10 minutes after one, then the next agreeing samples act",
                        DEFAULTS,
                        0,
                        "0.95 0.95 0.95 0.95 0.95 0.95 0.95 0.95 0.95 0.95 0.95 0.95 0.95 0.95",
                        "hold:awaiting_samples hold:awaiting_samples up:1 hold:awaiting_samples"
                                + " hold:awaiting_samples hold:cooldown hold:cooldown hold:cooldown hold:cooldown"
                                + " hold:cooldown hold:cooldown hold:cooldown up:2 hold:awaiting_samples"),
                row(
                        "cooldown holds a scale-down after a scale-up too",
                        DEFAULTS,
                        0,
                        "0.95 0.95 0.95 0.10 0.10 0.10 0.10 0.10 0.10 0.10 0.10 0.10 0.10",
                        "hold:awaiting_samples hold:awaiting_samples up:1 hold:awaiting_samples"
                                + " hold:awaiting_samples hold:cooldown hold:cooldown hold:cooldown hold:cooldown"
                                + " hold:cooldown hold:cooldown hold:cooldown down:0"),
                row(
                        "min size: never below min-nodes",
                        new Settings(0.80, 0.50, 3, Duration.ZERO, 1, 3, 1),
                        1,
                        "0.10 0.10 0.10 0.10",
                        "hold:awaiting_samples hold:awaiting_samples hold:min_nodes_reached"
                                + " hold:min_nodes_reached"),
                row(
                        "min size: a smaller group is brought up to min-nodes",
                        new Settings(0.80, 0.50, 3, Duration.ZERO, 2, 3, 1),
                        0,
                        "0.60",
                        "up:2"),
                row(
                        "a group above max-nodes is brought down one node at a time",
                        new Settings(0.80, 0.50, 3, Duration.ZERO, 0, 1, 1),
                        3,
                        "0.60 0.60",
                        "down:2 down:1"),
                row(
                        "step adds several nodes, but never beyond max-nodes",
                        new Settings(0.80, 0.50, 1, Duration.ZERO, 0, 5, 2),
                        2,
                        "0.90 0.90 0.90",
                        "up:4 up:5 hold:max_nodes_reached"),
                row(
                        "pods that cannot be scheduled count as high whatever the ratio",
                        DEFAULTS,
                        0,
                        "0.30+pods 0.30+pods 0.30+pods",
                        "hold:awaiting_samples hold:awaiting_samples up:1"),
                row(
                        "pods that cannot be scheduled add a node while Prometheus is down",
                        DEFAULTS,
                        0,
                        "gap+pods gap+pods gap+pods gap",
                        "hold:awaiting_samples hold:awaiting_samples up:1 hold:signal_unavailable"),
                row(
                        "pods waiting block a scale-down",
                        DEFAULTS,
                        2,
                        "0.10 0.10 0.10+pods 0.10 0.10",
                        "hold:awaiting_samples hold:awaiting_samples hold:awaiting_samples hold:awaiting_samples"
                                + " hold:awaiting_samples"),
                row(
                        "nothing else changes while a node drains",
                        DEFAULTS,
                        2,
                        "0.95drain 0.95drain 0.95drain 0.95",
                        "hold:draining hold:draining hold:draining up:3"),
                row(
                        "one sample is enough when samples is 1",
                        new Settings(0.80, 0.50, 1, Duration.ZERO, 0, 3, 1),
                        0,
                        "0.90 0.10",
                        "up:1 down:0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String name, Settings settings, int size, String samples, String expected) {
        assertThat(String.join(" ", run(settings, size, samples))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void staysWithinItsBounds(String name, Settings settings, int size, String samples, String expected) {
        Policy policy = new Policy(settings);
        Memory memory = Memory.START;
        Instant at = Instant.parse("2026-12-03T10:00:00Z");
        for (String sample : samples.split(" ")) {
            Decision decision = policy.decide(memory, observation(at, sample, size));
            assertThat(decision.to())
                    .isBetween(Math.min(size, settings.minNodes()), Math.max(size, settings.maxNodes()));
            assertThat(Math.abs(decision.to() - size))
                    .isLessThanOrEqualTo(Math.max(settings.step(), Math.abs(settings.minNodes() - size)));
            if (decision.kind() == Change.DOWN) {
                assertThat(decision.to()).as("one node at a time").isEqualTo(size - 1);
            }
            memory = decision.memory();
            size = decision.to();
            at = at.plusSeconds(60);
        }
    }

    @org.junit.jupiter.api.Test
    void aChangeNotCarriedOutStartsNoCooldownAndKeepsTheAgreeingSamples() {
        Policy policy = new Policy(DEFAULTS);
        Instant at = Instant.parse("2026-12-03T10:00:00Z");
        Memory memory = Memory.START;
        Decision decision = null;
        for (int i = 0; i < 3; i++) {
            decision = policy.decide(memory, observation(at.plusSeconds(60L * i), "0.10", 2));
            memory = decision.memory();
        }
        assertThat(decision.kind()).isEqualTo(Change.DOWN);
        Decision refused = decision.heldFor(Reason.NO_NODE_FITS);
        assertThat(refused.kind()).isEqualTo(Change.HOLD);
        assertThat(refused.to()).isEqualTo(2);
        Decision next = policy.decide(refused.memory(), observation(at.plusSeconds(180), "0.10", 2));
        assertThat(next.kind())
                .as("no cooldown, and the run of low samples still counts")
                .isEqualTo(Change.DOWN);
    }

    private static List<String> run(Settings settings, int size, String samples) {
        Policy policy = new Policy(settings);
        Memory memory = Memory.START;
        Instant at = Instant.parse("2026-12-03T10:00:00Z");
        List<String> decisions = new ArrayList<>();
        for (String sample : samples.split(" ")) {
            Decision decision = policy.decide(memory, observation(at, sample, size));
            decisions.add(
                    switch (decision.kind()) {
                        case HOLD -> "hold:" + decision.reason().label();
                        case UP -> "up:" + decision.to();
                        case DOWN -> "down:" + decision.to();
                    });
            memory = decision.memory();
            size = decision.to();
            at = at.plusSeconds(60);
        }
        return decisions;
    }

    private static Observation observation(Instant at, String sample, int size) {
        boolean pods = sample.contains("+pods");
        boolean draining = sample.endsWith("drain");
        String value = sample.replace("+pods", "").replace("drain", "");
        Reading reading = switch (value) {
            case "gap" -> new Reading.Unavailable("Prometheus did not answer");
            case "nan" -> new Reading.Unavailable("the query gave NaN");
            default -> new Reading.Value(Double.parseDouble(value));
        };
        return new Observation(at, reading, pods ? 2 : 0, size, draining ? Optional.of("burst-1") : Optional.empty());
    }

    private static Arguments row(String name, Settings settings, int size, String samples, String expected) {
        return Arguments.of(name, settings, size, samples, expected);
    }
}
