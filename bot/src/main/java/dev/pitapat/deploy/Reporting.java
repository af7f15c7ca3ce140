package dev.pitapat.deploy;

import dev.pitapat.github.GitHubException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every view of a deploy's progress record, in order: the metrics, then the check run (the Deployment links to
 * it), the Deployment, the sticky comment and the command's reaction. GitHub refusing one is logged and never stops
 * the deploy or the other views.
 */
final class Reporting {

    private static final Logger log = LoggerFactory.getLogger(Reporting.class);

    private final List<Reporter> reporters;

    Reporting(List<Reporter> reporters) {
        this.reporters = List.copyOf(reporters);
    }

    Progress report(Progress before, Progress now) {
        Progress reported = now;
        for (Reporter reporter : reporters) {
            try {
                reported = reporter.report(before, reported);
            } catch (GitHubException e) {
                log.warn(
                        "{} of {}: GitHub did not take the {} ({}); the deploy goes on",
                        now.request().ask().id().value(),
                        now.request().ask().target(),
                        reporter.getClass().getSimpleName(),
                        e.getMessage()); // GitHubException messages carry no credentials
            }
        }
        return reported;
    }
}
