package dev.pitapat.burst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.model.InvalidSettingException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code pitapat.burst.*} is checked when the bot starts; each refusal names the setting and what would work. */
class BurstPropertiesTest {

    private static BurstProperties with(String key, String value) {
        BurstProperties on = BurstSettings.of(false);
        return new BurstProperties(
                key.equals("enabled") ? Boolean.parseBoolean(value) : on.enabled(),
                key.equals("prometheus-url") ? Optional.of(value) : on.prometheusUrl(),
                key.equals("query") ? value : on.query(),
                key.equals("scale-up-at") ? Double.parseDouble(value) : on.scaleUpAt(),
                key.equals("scale-down-at") ? Double.parseDouble(value) : on.scaleDownAt(),
                key.equals("samples") ? Integer.parseInt(value) : on.samples(),
                key.equals("interval") ? Duration.parse(value) : on.interval(),
                key.equals("cooldown") ? Duration.parse(value) : on.cooldown(),
                key.equals("min-nodes") ? Integer.parseInt(value) : on.minNodes(),
                key.equals("max-nodes") ? Integer.parseInt(value) : on.maxNodes(),
                key.equals("step") ? Integer.parseInt(value) : on.step(),
                key.equals("project") ? Optional.of(value) : on.project(),
                key.equals("zone") ? Optional.of(value) : on.zone(),
                key.equals("instance-group") ? Optional.of(value) : on.instanceGroup(),
                key.equals("compute-endpoint") ? Optional.of(value) : on.computeEndpoint(),
                key.equals("node-label") ? value : on.nodeLabel(),
                key.equals("dry-run") ? Boolean.parseBoolean(value) : on.dryRun(),
                key.equals("drain-timeout") ? Duration.parse(value) : on.drainTimeout());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            prometheus-url   | prometheus:9090     | must be an http(s) URL of Prometheus
            prometheus-url   | ' '                 | is required when bursting is enabled
            query            | ' '                 | must be a PromQL query giving one ratio
            scale-up-at      | 0                   | must be a ratio above 0
            scale-down-at    | 0.85                | must be a ratio from 0 up to below scale-up-at (0.8)
            scale-down-at    | -0.1                | must be a ratio from 0 up to below scale-up-at
            samples          | 0                   | must be from 1 to 100
            interval         | PT0.5S              | must be at least 1s
            cooldown         | PT-1M               | must not be negative
            min-nodes        | -1                  | must be 0 or more
            max-nodes        | 2000                | must be from min-nodes (0) to 1000
            step             | 0                   | must be from 1 to 100
            drain-timeout    | PT30S               | must be at least 1m
            project          | My_Project          | must be a GCP project id
            zone             | Europe West         | must be a GCP zone
            instance-group   | -burst              | must be the name of a managed instance group
            compute-endpoint | compute.example.com | must be an http(s) URL
            node-label       | burst               | must be key=value, a Kubernetes label
            node-label       | pitapat.dev/burst=no way | must be key=value, a Kubernetes label
            """)
    void aBadValueIsRefusedNamingTheSetting(String key, String value, String problem) {
        assertThatThrownBy(() -> with(key, value))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("pitapat.burst." + key + ": " + problem);
    }

    /** Enabled, with the group given by {@code project}, {@code zone} and {@code group} (each may be absent). */
    private static BurstProperties group(
            Optional<String> project, Optional<String> zone, Optional<String> group, boolean dryRun) {
        BurstProperties on = BurstSettings.of(false);
        return new BurstProperties(
                true,
                on.prometheusUrl(),
                on.query(),
                0.8,
                0.5,
                3,
                on.interval(),
                on.cooldown(),
                0,
                3,
                1,
                project,
                zone,
                group,
                Optional.empty(),
                on.nodeLabel(),
                dryRun,
                on.drainTimeout());
    }

    @Test
    void theGroupIsRequiredWhenEnabledUnlessDryRunAndItsThreePartsComeTogether() {
        Optional<String> none = Optional.empty();
        assertThatThrownBy(() -> group(none, none, none, false))
                .hasMessageStartingWith("pitapat.burst.project: is required");
        assertThat(group(none, none, none, true).groupName()).isEqualTo("no instance group");
        assertThatThrownBy(() -> group(none, none, Optional.of("pitapat-burst"), true))
                .hasMessageStartingWith("pitapat.burst.project: is required with the other two");
        assertThatThrownBy(() -> group(Optional.of("my-project"), none, Optional.of("pitapat-burst"), true))
                .hasMessageStartingWith("pitapat.burst.zone: is required with the other two");
    }

    @Test
    void offNeedsNothingAndTheLabelSplitsIntoKeyAndValue() {
        BurstProperties off = new BurstProperties(
                false,
                Optional.empty(),
                BurstProperties.DEFAULT_QUERY,
                0.8,
                0.5,
                3,
                Duration.ofSeconds(30),
                Duration.ofMinutes(10),
                0,
                3,
                1,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "pitapat.dev/burst=true",
                false,
                Duration.ofMinutes(10));
        assertThat(off.labelKey()).isEqualTo("pitapat.dev/burst");
        assertThat(off.labelValue()).isEqualTo("true");
        assertThat(BurstSettings.of(false).groupName()).isEqualTo("pitapat-burst in europe-west1-b");
    }
}
