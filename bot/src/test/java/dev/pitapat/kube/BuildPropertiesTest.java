package dev.pitapat.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.model.InvalidSettingException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code pitapat.build.*}: its defaults, the logs link it makes, and the settings it refuses at start. */
class BuildPropertiesTest {

    static BuildProperties of(String namespace, String registrySecret, String logsUrl, Duration timeout) {
        return new BuildProperties(
                namespace, Optional.ofNullable(registrySecret), Optional.ofNullable(logsUrl), timeout);
    }

    @Test
    void linksABuildsLogsWithTheWorkflowsNamespaceAndName() {
        BuildProperties build = of(
                "pitapat-builds",
                "registry-push",
                "https://argo.example.com/workflows/{namespace}/{name}",
                Duration.ofMinutes(30));

        assertThat(build.logsOf("hello-1a2b3c4d-9f3c2b1a0d4e"))
                .contains(URI.create("https://argo.example.com/workflows/pitapat-builds/hello-1a2b3c4d-9f3c2b1a0d4e"));
        assertThat(of("pitapat-builds", null, null, Duration.ofMinutes(30)).logsOf("x"))
                .isEmpty();
        assertThat(of("pitapat-builds", " ", "", Duration.ofMinutes(1)).registrySecret())
                .isEmpty();
    }

    @Test
    void refusesWhatCouldNotWork() {
        assertThatThrownBy(() -> of("Builds_NS", null, null, Duration.ofMinutes(30)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("pitapat.build.namespace:");
        assertThatThrownBy(() -> of("pitapat-builds", "Registry Secret", null, Duration.ofMinutes(30)))
                .hasMessageStartingWith("pitapat.build.registry-secret:")
                .hasMessageNotContaining("Registry Secret");
        assertThatThrownBy(() -> of("pitapat-builds", null, "argo.example.com/{name}", Duration.ofMinutes(30)))
                .hasMessageStartingWith("pitapat.build.logs-url:");
        assertThatThrownBy(() -> of("pitapat-builds", null, null, Duration.ZERO))
                .hasMessageStartingWith("pitapat.build.timeout:");
    }
}
