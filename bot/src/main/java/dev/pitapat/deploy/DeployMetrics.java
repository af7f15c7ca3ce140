package dev.pitapat.deploy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Counts every deploy when its end is reported, as {@code pitapat_deploys_total{action,outcome}}: {@code action} is
 * what was asked ({@code deploy}, {@code rollback}, {@code promote}, {@code abort}, {@code removal}), {@code outcome}
 * the conclusion of its {@code deploy/<env>} check run ({@code success}, {@code failure}, {@code neutral},
 * {@code cancelled}). Dry runs commit nothing and are not counted.
 */
final class DeployMetrics implements Reporter {

    static final String METRIC = "pitapat.deploys";

    private final MeterRegistry meters;

    DeployMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public Progress report(Progress before, Progress now) {
        if (now.finished() && !before.finished()) {
            Counter.builder(METRIC)
                    .description("Deploys, rollbacks, promotions, aborts and preview removals, by how they ended")
                    .tag("action", Words.verb(now.request()))
                    .tag("outcome", CheckRunReport.conclusionOf(now).name().toLowerCase(Locale.ROOT))
                    .register(meters)
                    .increment();
        }
        return now;
    }
}
