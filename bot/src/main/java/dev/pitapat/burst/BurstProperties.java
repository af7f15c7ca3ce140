package dev.pitapat.burst;

import dev.pitapat.model.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code pitapat.burst.*}: cloud bursting (DESIGN.md section 6). Off unless {@code enabled}; when on, a Prometheus
 * URL is required, and the managed instance group (project, zone, name) unless {@code dry-run}, which decides and
 * reports without acting. Every value is checked at start-up, naming the setting.
 *
 * @param query PromQL giving one ratio: by default the CPU requests of running and pending pods over the
 *     allocatable CPU of the nodes without the burst label (the Kubernetes monitoring mixin's "requests commitment",
 *     against the on-premises nodes only, so that adding burst nodes does not lower the signal and remove them again)
 * @param samples how many consecutive samples must agree before the group changes
 * @param cooldown no change within this long after a change (or after a drain a PodDisruptionBudget refused)
 * @param step how many nodes one scale-up adds; nodes are removed one at a time, each drained first
 * @param drainTimeout how long a burst node may take to drain (its pods evicted, the VM deleted) before pitapat
 *     gives up and uncordons it
 */
@ConfigurationProperties("pitapat.burst")
public record BurstProperties(
        @DefaultValue("false") boolean enabled,
        Optional<String> prometheusUrl,
        @DefaultValue(DEFAULT_QUERY) String query,
        @DefaultValue("0.80") double scaleUpAt,
        @DefaultValue("0.50") double scaleDownAt,
        @DefaultValue("3") int samples,
        @DefaultValue("30s") Duration interval,
        @DefaultValue("10m") Duration cooldown,
        @DefaultValue("0") int minNodes,
        @DefaultValue("3") int maxNodes,
        @DefaultValue("1") int step,
        Optional<String> project,
        Optional<String> zone,
        Optional<String> instanceGroup,
        Optional<String> computeEndpoint,
        @DefaultValue("pitapat.dev/burst=true") String nodeLabel,
        @DefaultValue("false") boolean dryRun,
        @DefaultValue("10m") Duration drainTimeout) {

    /** The requests commitment of the on-premises nodes (kube-state-metrics; see the README for its label list). */
    public static final String DEFAULT_QUERY = "sum(kube_pod_container_resource_requests{resource=\"cpu\"}"
            + " * on(namespace, pod) group_left() max by (namespace, pod)"
            + " (kube_pod_status_phase{phase=~\"Running|Pending\"} == 1))"
            + " / sum(kube_node_status_allocatable{resource=\"cpu\"}"
            + " * on(node) group_left() max by (node) (kube_node_labels{label_pitapat_dev_burst!=\"true\"}))";

    private static final Pattern LABEL_KEY =
            Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                    + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern GCP_NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern GCP_PROJECT = Pattern.compile("[a-z][-a-z0-9.:]{4,61}[a-z0-9]");

    public BurstProperties {
        prometheusUrl = blankless(prometheusUrl);
        project = blankless(project);
        zone = blankless(zone);
        instanceGroup = blankless(instanceGroup);
        computeEndpoint = blankless(computeEndpoint);
        if (prometheusUrl.isPresent() && !isHttpUrl(prometheusUrl.get())) {
            throw invalid("prometheus-url", "must be an http(s) URL of Prometheus, such as http://prometheus:9090");
        }
        if (query.isBlank()) {
            throw invalid("query", "must be a PromQL query giving one ratio");
        }
        if (!(scaleUpAt > 0 && scaleUpAt <= 10)) {
            throw invalid("scale-up-at", "must be a ratio above 0, such as 0.80");
        }
        if (!(scaleDownAt >= 0 && scaleDownAt < scaleUpAt)) {
            throw invalid("scale-down-at", "must be a ratio from 0 up to below scale-up-at (" + scaleUpAt + ")");
        }
        if (samples < 1 || samples > 100) {
            throw invalid("samples", "must be from 1 to 100");
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw invalid("interval", "must be at least 1s, such as 30s");
        }
        if (cooldown.isNegative()) {
            throw invalid("cooldown", "must not be negative; 10m is cluster-autoscaler's delay after adding");
        }
        if (minNodes < 0) {
            throw invalid("min-nodes", "must be 0 or more");
        }
        if (maxNodes < minNodes || maxNodes > 1000) {
            throw invalid("max-nodes", "must be from min-nodes (" + minNodes + ") to 1000");
        }
        if (step < 1 || step > 100) {
            throw invalid("step", "must be from 1 to 100");
        }
        if (drainTimeout.compareTo(Duration.ofMinutes(1)) < 0) {
            throw invalid("drain-timeout", "must be at least 1m, such as 10m");
        }
        project.filter(p -> !GCP_PROJECT.matcher(p).matches()).ifPresent(p -> {
            throw invalid("project", "must be a GCP project id, such as my-project");
        });
        zone.filter(z -> !GCP_NAME.matcher(z).matches()).ifPresent(z -> {
            throw invalid("zone", "must be a GCP zone, such as europe-west1-b");
        });
        instanceGroup.filter(g -> !GCP_NAME.matcher(g).matches()).ifPresent(g -> {
            throw invalid("instance-group", "must be the name of a managed instance group, such as pitapat-burst");
        });
        if (computeEndpoint.isPresent() && !isHttpUrl(computeEndpoint.get())) {
            throw invalid("compute-endpoint", "must be an http(s) URL; leave it unset for Google's");
        }
        int equals = nodeLabel.indexOf('=');
        if (equals < 0
                || !LABEL_KEY.matcher(nodeLabel.substring(0, equals)).matches()
                || !LABEL_VALUE.matcher(nodeLabel.substring(equals + 1)).matches()) {
            throw invalid("node-label", "must be key=value, a Kubernetes label such as pitapat.dev/burst=true");
        }
        if (project.isPresent() || zone.isPresent() || instanceGroup.isPresent()) {
            requireGroup("project", project);
            requireGroup("zone", zone);
            requireGroup("instance-group", instanceGroup);
        }
        if (enabled) {
            if (prometheusUrl.isEmpty()) {
                throw invalid("prometheus-url", "is required when bursting is enabled (the Prometheus HTTP API)");
            }
            if (!dryRun) {
                requireGroup("project", project);
                requireGroup("zone", zone);
                requireGroup("instance-group", instanceGroup);
            }
        }
    }

    /** The burst label's key. */
    public String labelKey() {
        return nodeLabel.substring(0, nodeLabel.indexOf('='));
    }

    /** The burst label's value. */
    public String labelValue() {
        return nodeLabel.substring(nodeLabel.indexOf('=') + 1);
    }

    /** The instance group's own words: {@code pitapat-burst in europe-west1-b}. */
    public String groupName() {
        return instanceGroup.map(g -> g + zone.map(z -> " in " + z).orElse("")).orElse("no instance group");
    }

    private static void requireGroup(String key, Optional<String> value) {
        if (value.isEmpty()) {
            throw invalid(
                    key,
                    "is required with the other two of project, zone and instance-group (the managed instance group);"
                            + " with bursting enabled all three are required unless dry-run");
        }
    }

    private static InvalidSettingException invalid(String key, String problem) {
        return new InvalidSettingException("pitapat.burst." + key, problem);
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    // Spring Boot binds an unset Optional as null rather than empty.
    private static Optional<String> blankless(@Nullable Optional<String> value) {
        return value == null
                ? Optional.empty()
                : value.filter(s -> !s.isBlank()).map(String::strip);
    }
}
