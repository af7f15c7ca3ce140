package dev.pitapat.deploy;

import dev.pitapat.burst.Capacity;
import dev.pitapat.burst.DeploysInFlight;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.github.GitHubWeb;
import dev.pitapat.gitops.GitOpsProperties;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.kube.BuildProperties;
import dev.pitapat.kube.Builds;
import dev.pitapat.kube.Cluster;
import dev.pitapat.kube.KubeProperties;
import dev.pitapat.model.ShutdownGrace;
import dev.pitapat.render.ManifestRenderer;
import dev.pitapat.render.RenderSettings;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.Leases;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The deploy pipeline's parts, put together once. */
@Configuration(proxyBeanMethods = false)
class DeployConfiguration {

    @Bean
    GitHubLinks gitHubLinks(GitHubWeb web, GitHubProperties app, GitOpsProperties gitops) {
        return GitHubLinks.of(web, app, gitops);
    }

    @Bean
    GitOpsLinks gitOpsLinks(GitHubLinks gitHubLinks) {
        return new GitOpsLinks(gitHubLinks);
    }

    @Bean
    Reporting reporting(
            GitHubGateway github,
            ProgressRecords records,
            GitOpsLinks links,
            BuildProperties build,
            MeterRegistry meters) {
        return new Reporting(List.of(
                new DeployMetrics(meters),
                new CheckRunReport(github, links, build.timeout()),
                new DeploymentReport(github, records),
                new StickyComment(github, records, links),
                new CommandReaction(github)));
    }

    @Bean
    Follower follower(
            ProgressRecords records,
            Cluster cluster,
            GitOpsWriter writer,
            Leases leases,
            Reporting reporting,
            KubeProperties kube,
            Capacity capacity,
            Clock clock) {
        Follower follower = new Follower(
                records,
                cluster,
                writer,
                leases,
                reporting,
                new FollowRules(kube.syncTimeout(), kube.healthyTimeout()),
                clock);
        follower.capacityFrom(capacity::waitingNotes);
        return follower;
    }

    /** The deploys in flight, whose shas get cloud bursting's {@code capacity} check run. */
    @Bean
    DeploysInFlight deploysInFlight(ProgressRecords records) {
        return records::inFlight;
    }

    @Bean
    DeployRunner deployRunner(
            GitHubGateway github,
            GitHubProperties app,
            GitOpsWriter writer,
            EnvironmentLocks locks,
            SiteProperties siteProperties,
            DeployProperties settings,
            ManifestRenderer renderer,
            ProgressRecords records,
            Reporting reporting,
            Follower follower,
            Cluster cluster,
            KubeProperties kube,
            Builds builds,
            BuildProperties build,
            GitHubLinks links,
            ShutdownGrace grace,
            Clock clock) {
        RenderSettings site = new RenderSettings(
                siteProperties.baseDomain(),
                siteProperties.tls().clusterIssuer(),
                siteProperties.tls().wildcardSecret());
        EnvironmentLine line = new EnvironmentLine(locks, settings);
        DeployGates gates = new DeployGates(
                github, writer, app.appId().map(OptionalLong::of).orElseGet(OptionalLong::empty), cluster);
        Rollbacks rollbacks = new Rollbacks(writer, locks, clock);
        Images images = new Images(github, links, builds, build, clock);
        GitOpsTurn turn = new GitOpsTurn(
                github,
                writer,
                locks,
                renderer,
                site,
                gates,
                line,
                rollbacks,
                new Promotions(cluster, records, rollbacks),
                images);
        DeployRunner runner = new DeployRunner(
                records,
                line,
                turn,
                new DryRuns(turn, writer, renderer, site),
                reporting,
                new ArgoRefresh(cluster, kube.refreshAfterCommit()),
                follower,
                settings,
                images,
                build.timeout(),
                grace,
                clock);
        follower.submitTo(runner::accept);
        return runner;
    }
}
