package dev.pitapat.burst;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How a {@link CapacityReport} reads: the check run's title and summary, the status page's line, the log line. */
final class CapacityWords {

    private final BurstProperties settings;

    CapacityWords(BurstProperties settings) {
        this.settings = settings;
    }

    /** What the check run and the status page lead with. */
    String title(CapacityReport report) {
        String node = report.node().orElse("?");
        String title = switch (report.act()) {
            case NONE -> "Capacity unchanged: " + because(report);
            case RESIZED -> "Adding capacity: burst group " + sizes(report);
            case WOULD_RESIZE -> "Dry run: would grow the burst group " + sizes(report);
            case DRAIN_STARTED, DRAINING -> "Removing capacity: draining burst node " + node;
            case WOULD_DRAIN -> "Dry run: would drain burst node " + node;
            case REMOVED -> "Removed burst node " + node + ": group " + sizes(report);
            case EVICTION_REFUSED -> "Kept burst node " + node + ": a PodDisruptionBudget refused an eviction";
            case DRAIN_GIVEN_UP -> "Kept burst node " + node + ": its drain did not finish";
            case FAILED ->
                report.decision() == Change.UP
                        ? "Adding capacity failed; trying again"
                        : "Removing burst node " + node + " failed; trying again";
        };
        return title.length() > 200 ? title.substring(0, 199) + "…" : title;
    }

    /** Why the decision was made, in words. */
    String because(CapacityReport report) {
        return switch (report.reason()) {
            case ABOVE_THRESHOLD ->
                "requests at or above " + ratio(settings.scaleUpAt()) + " of on-premises CPU for " + settings.samples()
                        + " samples";
            case UNSCHEDULABLE_PODS -> report.waitingPods() + " pod(s) cannot be scheduled";
            case BELOW_MIN_NODES -> "the group is below min-nodes (" + settings.minNodes() + ")";
            case ABOVE_MAX_NODES -> "the group is above max-nodes (" + settings.maxNodes() + ")";
            case BELOW_THRESHOLD ->
                "requests at or below " + ratio(settings.scaleDownAt()) + " for " + settings.samples() + " samples";
            case WITHIN_BAND -> "requests between the thresholds";
            case AWAITING_SAMPLES -> "waiting for " + settings.samples() + " agreeing samples";
            case COOLDOWN -> "cooling down after the last change";
            case MAX_NODES_REACHED -> "the group is at max-nodes (" + settings.maxNodes() + ")";
            case MIN_NODES_REACHED -> "the group is at min-nodes (" + settings.minNodes() + ")";
            case SIGNAL_UNAVAILABLE -> "no usable signal";
            case DRAINING -> "a burst node is being drained";
            case NO_NODE_FITS -> "no burst node's pods fit on the other nodes";
            case GROUP_UNAVAILABLE -> "the instance group could not be read";
            case CLUSTER_UNAVAILABLE -> "the cluster's nodes could not be read";
        };
    }

    /** The check run's summary (Markdown): the numbers behind the decision and what was done. */
    String summary(CapacityReport report) {
        StringBuilder text = new StringBuilder();
        text.append("| | |\n|---|---|\n");
        row(text, "decision", report.decisionLabel() + " (`" + report.reasonLabel() + "`): " + because(report));
        row(text, "signal", signal(report));
        row(text, "pods waiting", waiting(report));
        row(text, "burst group", group(report));
        if (report.act() != CapacityReport.Act.NONE || !report.detail().isEmpty()) {
            row(text, "what was done", done(report));
        }
        if (report.dryRun()) {
            row(text, "dry run", "yes: pitapat decides and reports, and changes nothing");
        }
        text.append("\nDecided at ")
                .append(DateTimeFormatter.ISO_INSTANT.format(report.at()))
                .append(" by the replica that holds the burst lease; a look every ")
                .append(duration(settings.interval()))
                .append(", ")
                .append(settings.samples())
                .append(" agreeing sample(s) before a change, ")
                .append(duration(settings.cooldown()))
                .append(" of quiet after one, ")
                .append(settings.minNodes())
                .append(" to ")
                .append(settings.maxNodes())
                .append(" burst nodes.\n");
        return text.toString();
    }

    /** One line for the status page. */
    String line(CapacityReport report) {
        return title(report) + (report.detail().isEmpty() ? "" : " (" + report.detail() + ")");
    }

    /** The log line: every number that drove the decision. */
    String logLine(CapacityReport report) {
        return String.format(
                Locale.ROOT,
                "Capacity: %s (%s) signal=%s up-at=%s down-at=%s waiting-pods=%d group=%s instances=%s act=%s%s%s%s",
                report.decisionLabel(),
                report.reasonLabel(),
                report.ratio().map(CapacityWords::ratio).orElse("unavailable"),
                ratio(settings.scaleUpAt()),
                ratio(settings.scaleDownAt()),
                report.waitingPods(),
                report.instances().isEmpty() ? "unknown" : report.from() + "->" + report.to(),
                report.instances().map(String::valueOf).orElse("unknown"),
                report.act().name().toLowerCase(Locale.ROOT),
                report.node().map(n -> " node=" + n).orElse(""),
                report.dryRun() ? " dry-run" : "",
                report.detail().isEmpty()
                        ? report.signalProblem().map(p -> " (" + p + ")").orElse("")
                        : " (" + report.detail() + ")");
    }

    private String signal(CapacityReport report) {
        return report.ratio()
                .map(r -> ratio(r) + " of on-premises CPU requested (up at " + ratio(settings.scaleUpAt())
                        + ", down at " + ratio(settings.scaleDownAt()) + ")")
                .orElseGet(() -> "unavailable: " + report.signalProblem().orElse("no value") + " (this holds)");
    }

    private static String waiting(CapacityReport report) {
        if (report.waitingPods() == 0) {
            return "none";
        }
        return report.waitingPods() + " cannot be scheduled, in "
                + String.join(
                        ", ",
                        report.waitingNamespaces().stream()
                                .map(n -> "`" + n + "`")
                                .toList());
    }

    private String group(CapacityReport report) {
        if (report.instances().isEmpty()) {
            return "`" + settings.groupName() + "`: size unknown (not read)";
        }
        String sizes = report.from() == report.to()
                ? report.from() + " node(s)"
                : report.from() + " → " + report.to() + " node(s)";
        return "`" + settings.groupName() + "`: " + sizes
                + report.instances().map(i -> " (" + i + " instance(s))").orElse("");
    }

    private String done(CapacityReport report) {
        String what = switch (report.act()) {
            case NONE -> "nothing";
            case RESIZED -> "resized the group to " + report.to() + "; Compute confirmed it";
            case WOULD_RESIZE -> "nothing (dry run): would resize the group to " + report.to();
            case DRAIN_STARTED -> "cordoned " + node(report) + " and began evicting its pods";
            case WOULD_DRAIN -> "nothing (dry run): would cordon and drain " + node(report);
            case DRAINING -> "draining " + node(report);
            case REMOVED -> "drained " + node(report) + " and deleted its VM from the group";
            case EVICTION_REFUSED -> "uncordoned " + node(report) + " and kept it";
            case DRAIN_GIVEN_UP -> "uncordoned " + node(report) + " and kept it";
            case FAILED -> "failed; tried again at the next look";
        };
        return report.detail().isEmpty() ? what : what + ": " + oneLine(report.detail());
    }

    private static String node(CapacityReport report) {
        return report.node().map(n -> "`" + n + "`").orElse("a node");
    }

    private static String sizes(CapacityReport report) {
        return report.from() + " → " + report.to() + " node(s)";
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String duration(java.time.Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private static void row(StringBuilder text, String name, String value) {
        text.append("| ").append(name).append(" | ").append(oneLine(value)).append(" |\n");
    }

    private static String oneLine(String text) {
        String line = text.replace("|", "\\|").replaceAll("\\s+", " ").strip();
        return line.length() > 1000 ? line.substring(0, 999) + "…" : line;
    }
}
