package dev.pitapat.burst;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.github.GitHubGateway;
import dev.pitapat.kube.Nodes;
import dev.pitapat.store.InMemoryCapacityLog;
import dev.pitapat.store.InMemoryLeases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mockito;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What bursting says when it starts: its settings, never a password in Prometheus's URL. */
@ExtendWith(OutputCaptureExtension.class)
class BurstConfigurationTest {

    @Test
    void theStartLineNamesTheGroupAndPrometheusWithoutItsPassword(CapturedOutput output) {
        BurstProperties properties =
                BurstSettings.on("https://pitapat:hunter2-s3cret@prometheus.example.com/prom", Optional.empty(), true);

        new BurstConfiguration()
                .burstSchedule(
                        properties,
                        new BurstConfiguration.GroupHolder(InstanceGroup.none()),
                        Nodes.none(),
                        Mockito.mock(GitHubGateway.class),
                        new StaticListableBeanFactory().getBeanProvider(DeploysInFlight.class),
                        new InMemoryCapacityLog(),
                        new InMemoryLeases(Clock.systemUTC()),
                        new SimpleMeterRegistry(),
                        Clock.systemUTC());

        assertThat(output.getOut())
                .contains("Cloud bursting is on (dry run: nothing is changed): instance group pitapat-burst in"
                        + " europe-west1-b, Prometheus at https://prometheus.example.com/prom, 0 to 3 burst nodes"
                        + " labelled pitapat.dev/burst=true (no cluster is followed")
                .doesNotContain("hunter2");
    }
}
