package dev.pitapat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Permission;
import dev.pitapat.model.Sha;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code pitapat_deploys_total{action,outcome}}: one count per deploy when its end is reported, with its check
 * run's conclusion; the steps before the end and a repeated report of the end count nothing.
 */
class DeployMetricsTest {

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Reporting reporting = new Reporting(List.of(new DeployMetrics(meters)));

    @Test
    void countsADeployFollowedToHealthyOnceAsASuccess() {
        Progress following = FollowRulesTest.following(Optional.empty());
        Progress healthy = following.followed(
                following.following().orElseThrow().ended(new Following.End.Healthy()), FollowRulesTest.T0);

        reporting.report(following.running(FollowRulesTest.T0), following);
        assertThat(scrape()).doesNotContain("pitapat_deploys_total{");

        reporting.report(following, healthy);
        reporting.report(healthy, healthy); // the end reported again, by a replica that took the record over

        assertThat(scrape()).contains("pitapat_deploys_total{action=\"deploy\",outcome=\"success\"} 1.0");
    }

    @Test
    void countsEachEndByTheConclusionOfItsCheckRun() {
        Progress following = FollowRulesTest.following(Optional.empty());
        Progress running = following.running(FollowRulesTest.T0);
        Sha commit = new Sha(FollowRulesTest.OURS);

        reporting.report(
                running,
                running.finished(
                        new Outcome.Committed(commit, FollowRulesTest.APP_SHA, Optional.empty(), false),
                        FollowRulesTest.T0));
        reporting.report(
                running,
                running.finished(
                        new Outcome.Refused(
                                new Outcome.Refusal.PermissionLost("octocat", Permission.WRITE, Permission.READ)),
                        FollowRulesTest.T0));
        reporting.report(
                following,
                following.followed(
                        following
                                .following()
                                .orElseThrow()
                                .ended(new Following.End.Superseded(DeploymentId.derived("delivery", "2"))),
                        FollowRulesTest.T0));
        reporting.report(
                following,
                following.followed(
                        following.following().orElseThrow().ended(new Following.End.Degraded("ImagePullBackOff")),
                        FollowRulesTest.T0));

        assertThat(scrape())
                .contains("pitapat_deploys_total{action=\"deploy\",outcome=\"neutral\"} 1.0")
                .contains("pitapat_deploys_total{action=\"deploy\",outcome=\"failure\"} 2.0")
                .contains("pitapat_deploys_total{action=\"deploy\",outcome=\"cancelled\"} 1.0")
                .doesNotContain("outcome=\"success\"");
    }

    private String scrape() {
        return meters.scrape();
    }
}
