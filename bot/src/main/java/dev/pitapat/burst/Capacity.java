package dev.pitapat.burst;

import dev.pitapat.store.CapacityLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Cloud bursting as the rest of pitapat reads it: whether it is on, its settings, and the reports the deciding
 * replica left in the store (any replica reads them), for the status page, {@code /api/capacity} and a deploy whose
 * pods wait for room. Reading may throw {@link dev.pitapat.store.StoreUnavailableException}.
 */
public final class Capacity {

    /** At most this many of the newest reports are read for a deploy's note (a cooldown of 100 looks). */
    static final int NOTE_LOOKS = 100;

    private static final java.time.format.DateTimeFormatter SHOWN = java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm 'UTC'")
            .withZone(java.time.ZoneOffset.UTC);

    private final BurstProperties properties;
    private final CapacityLog store;
    private final CapacityWords words;

    Capacity(BurstProperties properties, CapacityLog store) {
        this.properties = properties;
        this.store = store;
        this.words = new CapacityWords(properties);
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /** The newest reports, newest first, at most {@code limit}. */
    public List<Decision> recent(int limit) {
        if (!properties.enabled()) {
            return List.of();
        }
        return CapacityReports.all(store.recent(limit)).stream()
                .map(this::decision)
                .toList();
    }

    /** Everything {@code /api/capacity} answers. */
    public View view(int limit) {
        List<Decision> recent = recent(limit);
        return new View(
                properties.enabled(),
                properties.dryRun(),
                properties.instanceGroup().isPresent() ? properties.groupName() : null,
                properties.nodeLabel(),
                new Settings(
                        properties.scaleUpAt(),
                        properties.scaleDownAt(),
                        properties.samples(),
                        properties.interval(),
                        properties.cooldown(),
                        properties.minNodes(),
                        properties.maxNodes(),
                        properties.step(),
                        properties.drainTimeout()),
                recent.isEmpty() ? null : recent.getFirst().to(),
                recent.isEmpty() ? null : recent.getFirst(),
                recent);
    }

    /**
     * What a deploy whose pods cannot be scheduled is told, by its namespace, from the newest report (one read of the
     * store): that capacity is being added, or why not. Empty for a namespace where that report saw no pod waiting,
     * and for every namespace when bursting is off.
     */
    public Function<String, Optional<String>> waitingNotes() {
        if (!properties.enabled()) {
            return namespace -> Optional.empty();
        }
        // the looks of one cooldown are enough to find a node added lately; the follower asks every few seconds
        long looks = properties.cooldown().toMillis() / properties.interval().toMillis() + 1;
        List<CapacityReport> recent = CapacityReports.all(store.recent((int) Math.min(NOTE_LOOKS, looks)));
        if (recent.isEmpty()) {
            return namespace -> Optional.empty();
        }
        CapacityReport newest = recent.getFirst();
        // a node added lately is still joining: say so for the whole quiet time after it
        Optional<CapacityReport> added = recent.stream()
                .filter(r -> r.act() == CapacityReport.Act.RESIZED || r.act() == CapacityReport.Act.WOULD_RESIZE)
                .findFirst()
                .filter(r -> newest.at().isBefore(r.at().plus(properties.cooldown())));
        String note = added.map(this::addedNote)
                .orElseGet(() -> "pods cannot be scheduled yet; burst group at " + newest.to() + " node(s): "
                        + words.because(newest));
        return namespace -> newest.waitingNamespaces().contains(namespace) ? Optional.of(note) : Optional.empty();
    }

    private String addedNote(CapacityReport r) {
        return r.act() == CapacityReport.Act.WOULD_RESIZE
                ? "pods cannot be scheduled yet; cloud bursting runs dry, so no node is added"
                : "pods cannot be scheduled yet: pitapat is adding capacity (burst group " + r.from() + " → " + r.to()
                        + " nodes, asked " + SHOWN.format(r.at()) + ")";
    }

    private Decision decision(CapacityReport r) {
        return new Decision(
                r.at(),
                r.decisionLabel(),
                r.reasonLabel(),
                r.ratio().orElse(null),
                r.signalProblem().orElse(null),
                r.waitingPods(),
                r.from(),
                r.to(),
                r.instances().orElse(null),
                r.act().name().toLowerCase(java.util.Locale.ROOT),
                r.node().orElse(null),
                r.detail().isEmpty() ? null : r.detail(),
                r.dryRun(),
                words.title(r),
                words.line(r));
    }

    /** {@code /api/capacity}: absent values are null. */
    public record View(
            boolean enabled,
            boolean dryRun,
            @Nullable String instanceGroup,
            String nodeLabel,
            Settings settings,
            @Nullable Integer nodes,
            @Nullable Decision latest,
            List<Decision> recent) {}

    /** The settings that drive decisions. */
    public record Settings(
            double scaleUpAt,
            double scaleDownAt,
            int samples,
            Duration interval,
            Duration cooldown,
            int minNodes,
            int maxNodes,
            int step,
            Duration drainTimeout) {}

    /**
     * One report as people and programs read it.
     *
     * @param decision {@code up}, {@code down} or {@code hold}
     * @param reason the metric label of why, such as {@code above_threshold}
     * @param act what was done: {@code none}, {@code resized}, {@code drain_started}, {@code removed}...
     * @param title the report in a few words; {@code line} adds what happened
     */
    public record Decision(
            Instant at,
            String decision,
            String reason,
            @Nullable Double ratio,
            @Nullable String signalProblem,
            int waitingPods,
            int from,
            int to,
            @Nullable Integer instances,
            String act,
            @Nullable String node,
            @Nullable String detail,
            boolean dryRun,
            String title,
            String line) {}
}
