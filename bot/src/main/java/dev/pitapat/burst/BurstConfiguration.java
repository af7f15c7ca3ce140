package dev.pitapat.burst;

import dev.pitapat.github.GitHubGateway;
import dev.pitapat.kube.Nodes;
import dev.pitapat.store.CapacityLog;
import dev.pitapat.store.Leases;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Cloud bursting's parts. They always exist (the AOT-processed jar fixes its beans when it is built); with
 * {@code pitapat.burst.enabled} unset or false the schedule never starts and the instance group is the null object.
 */
@Configuration(proxyBeanMethods = false)
class BurstConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BurstConfiguration.class);

    /** The longest a Prometheus query may take: at most the interval, at most 10 s. */
    static final Duration MAX_QUERY_TIME = Duration.ofSeconds(10);

    @Bean(destroyMethod = "close")
    GroupHolder instanceGroup(BurstProperties properties) {
        if (!properties.enabled() || properties.instanceGroup().isEmpty()) {
            if (properties.enabled()) {
                log.info("Cloud bursting runs dry with no instance group: it decides and reports, and changes nothing");
            }
            return new GroupHolder(InstanceGroup.none());
        }
        ComputeInstanceGroup.Group group = new ComputeInstanceGroup.Group(
                properties.project().orElseThrow(),
                properties.zone().orElseThrow(),
                properties.instanceGroup().orElseThrow());
        try {
            return new GroupHolder(ComputeInstanceGroup.create(
                    group,
                    properties.computeEndpoint().map(URI::create),
                    ComputeInstanceGroup.Retries.DEFAULTS,
                    ComputeInstanceGroup.Sleeper.REAL));
        } catch (ComputeException e) {
            log.warn("Cloud bursting cannot reach Compute ({}): every look reports it until it can", e.getMessage());
            return new GroupHolder(InstanceGroup.unreachable(e.getMessage()));
        }
    }

    @Bean
    Capacity capacity(BurstProperties properties, CapacityLog store) {
        return new Capacity(properties, store);
    }

    @Bean
    BurstSchedule burstSchedule(
            BurstProperties properties,
            GroupHolder group,
            Nodes nodes,
            GitHubGateway github,
            ObjectProvider<DeploysInFlight> deploys,
            CapacityLog store,
            Leases leases,
            MeterRegistry meters,
            Clock clock) {
        Duration queryTime =
                properties.interval().compareTo(MAX_QUERY_TIME) < 0 ? properties.interval() : MAX_QUERY_TIME;
        Signal signal = properties
                .prometheusUrl()
                .<Signal>map(url -> new PrometheusSignal(
                        HttpClient.newBuilder().connectTimeout(queryTime).build(), url, properties.query(), queryTime))
                .orElse(() -> new Reading.Unavailable("no pitapat.burst.prometheus-url is set"));
        if (properties.enabled()) {
            log.info(
                    "Cloud bursting is on{}: {}, Prometheus at {}, {} to {} burst nodes labelled {}{}",
                    properties.dryRun() ? " (dry run: nothing is changed)" : "",
                    properties.instanceGroup().isPresent()
                            ? "instance group " + properties.groupName()
                            : "no instance group",
                    properties
                            .prometheusUrl()
                            .map(url -> PrometheusSignal.withoutUserInfo(java.net.URI.create(url)))
                            .orElse(null),
                    properties.minNodes(),
                    properties.maxNodes(),
                    properties.nodeLabel(),
                    nodes.available() ? "" : " (no cluster is followed: no pod is seen waiting, no node drained)");
        }
        Bursting bursting = new Bursting(properties, signal, nodes, group.group(), clock);
        CapacityReporter reporter = new CapacityReporter(
                new CapacityWords(properties), github, deploys.getIfAvailable(() -> DeploysInFlight.NONE), meters);
        return new BurstSchedule(properties, bursting, reporter, store, leases);
    }

    /** The instance group, closed at shutdown. */
    record GroupHolder(InstanceGroup group) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (group instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
