package dev.pitapat.burst;

import dev.pitapat.burst.DeploysInFlight.InFlight;
import dev.pitapat.github.CheckRunUpdate;
import dev.pitapat.github.GitHubGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says every capacity report where people look: a log line with its numbers, the metrics
 * {@code pitapat_burst_decisions_total{decision,reason}} and {@code pitapat_burst_nodes}, and the {@code capacity}
 * check run on the sha of each deploy in flight (one run per sha, created at its first report and edited when the
 * headline changes; always {@code neutral}, so it never blocks a merge). A check run GitHub refuses is logged and
 * tried again at the next report. The store keeps the report for the status page.
 */
final class CapacityReporter {

    private static final Logger log = LoggerFactory.getLogger(CapacityReporter.class);

    static final String CHECK_RUN = "capacity";

    private final CapacityWords words;
    private final GitHubGateway github;
    private final DeploysInFlight deploys;
    private final MeterRegistry meters;
    private final AtomicReference<Double> nodes = new AtomicReference<>(Double.NaN);

    CapacityReporter(CapacityWords words, GitHubGateway github, DeploysInFlight deploys, MeterRegistry meters) {
        this.words = words;
        this.github = github;
        this.deploys = deploys;
        this.meters = meters;
        Gauge.builder("pitapat.burst.nodes", nodes, AtomicReference::get)
                .description("The burst group's target size, as the deciding replica last read it (NaN elsewhere)")
                .register(meters);
    }

    /** Reports {@code report}; {@code runs} are the check runs already made, by sha; returns them as they are now. */
    Map<String, BurstMemory.Run> report(CapacityReport report, Map<String, BurstMemory.Run> runs) {
        log.info(words.logLine(report));
        Counter.builder("pitapat.burst.decisions")
                .description("Decisions about the burst group, and refusals to decide")
                .tag("decision", report.decisionLabel())
                .tag("reason", report.reasonLabel())
                .register(meters)
                .increment();
        if (report.instances().isPresent()) {
            nodes.set((double) report.to());
        }
        return checkRuns(report, runs);
    }

    /** This replica no longer decides: its gauge says nothing. */
    void standBy() {
        nodes.set(Double.NaN);
    }

    private Map<String, BurstMemory.Run> checkRuns(CapacityReport report, Map<String, BurstMemory.Run> runs) {
        Map<String, BurstMemory.Run> now = new LinkedHashMap<>();
        Map<String, InFlight> shas = new LinkedHashMap<>();
        deploys.inFlight()
                .forEach(f -> shas.putIfAbsent(f.repo() + "@" + f.sha().value(), f));
        Map<String, BurstMemory.Run> known = new HashMap<>(runs);
        for (Map.Entry<String, InFlight> entry : shas.entrySet()) {
            InFlight deploy = entry.getValue();
            BurstMemory.Run run = known.get(entry.getKey());
            if (run != null && run.headline().equals(report.headline())) {
                now.put(entry.getKey(), run);
                continue;
            }
            CheckRunUpdate update = CheckRunUpdate.completed(
                            CHECK_RUN, deploy.sha().value(), CheckRunUpdate.Conclusion.NEUTRAL)
                    .withOutput(new CheckRunUpdate.Output(
                            words.title(report), words.summary(report), java.util.Optional.empty()));
            try {
                long id = run == null
                        ? github.createCheckRun(deploy.installationId(), deploy.repo(), update)
                                .id()
                        : github.updateCheckRun(deploy.installationId(), deploy.repo(), run.id(), update)
                                .id();
                now.put(entry.getKey(), new BurstMemory.Run(id, report.headline()));
            } catch (RuntimeException e) {
                log.warn(
                        "The capacity check run on {}@{} was not posted ({}); tried again at the next report",
                        deploy.repo(),
                        deploy.sha().abbreviated(),
                        e.getMessage());
                if (run != null) {
                    now.put(entry.getKey(), run);
                }
            }
        }
        return now;
    }
}
