package dev.pitapat.github.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.github.GitHubConfiguration;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.StandInSecret;
import dev.pitapat.testing.TestPem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The stand-in runs only while no GitHub App is configured, and writes nothing until it is used. */
class LocalGitHubConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({GitHubProperties.class, LocalGitHubProperties.class})
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @TempDir
    Path folder;

    private ApplicationContextRunner context() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Meters.class, GitHubConfiguration.class, LocalGitHubConfiguration.class)
                .withPropertyValues("pitapat.local-github.dir=" + folder.resolve("local-github"));
    }

    @Test
    void withoutAnAppTheStandInServesTheExampleAndTouchesNoDiskUntilUsed() {
        context().run(beans -> {
            assertThat(beans).hasSingleBean(LocalStandIn.class).hasSingleBean(StandInSecret.class);
            GitHubGateway gateway = beans.getBean(GitHubGateway.class);
            assertThat(gateway).isInstanceOf(LocalGitHubGateway.class);
            assertThat(Files.exists(folder.resolve("local-github"))).isFalse();

            assertThat(gateway.actsOn(new RepoRef("example", "hello"))).isTrue();
            assertThat(gateway.actsOn(new RepoRef("acme", "hello"))).isFalse();
            assertThat(gateway.pullRequest(1, new RepoRef("example", "hello"), 1)
                            .title())
                    .isEqualTo(LocalGitHub.PULL_REQUEST_TITLE);
            assertThat(folder.resolve("local-github/repos/example/hello/.git")).isDirectory();
        });
    }

    @Test
    void withAnAppThereIsNoStandIn() {
        context()
                .withPropertyValues(
                        "pitapat.github.app-id=123456",
                        "pitapat.github.private-key=" + TestPem.newAppKey().replace("\n", "\\n"))
                .run(beans -> {
                    // Null beans: named, but no instance anyone is given.
                    assertThat(beans.getBeanProvider(LocalStandIn.class).getIfAvailable())
                            .isNull();
                    assertThat(beans.getBeanProvider(StandInSecret.class).getIfAvailable())
                            .isNull();
                    assertThat(beans.getBeanProvider(LocalDeliveries.class).getIfAvailable())
                            .isNull();
                    assertThat(beans.getBeanProvider(GitHubConfiguration.StandIn.class)
                                    .getIfAvailable())
                            .isNull();
                    assertThat(beans.getBean(GitHubGateway.class)).isNotInstanceOf(LocalGitHubGateway.class);
                    assertThat(beans.getBean(GitHubGateway.class).actsOn(new RepoRef("example", "hello")))
                            .isTrue();
                });
    }
}
