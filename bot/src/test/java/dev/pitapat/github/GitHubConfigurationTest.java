package dev.pitapat.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.model.InvalidSettingException;
import dev.pitapat.model.RepoRef;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class GitHubConfigurationTest {

    private static final String KEY = TestKeys.pkcs1Pem(TestKeys.RSA).replace("\n", "\\n");

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GitHubProperties.class)
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(Meters.class, GitHubConfiguration.class);

    @Test
    void answersEveryCallWithWhatToConfigureWhenTheAppIsNotConfigured() {
        context.run(beans -> {
            assertThat(beans).hasSingleBean(GitHubGateway.class);
            // Null beans: named, but no instance anyone is given.
            assertThat(beans.getBeansOfType(HealthIndicator.class)).isEmpty();
            assertThat(beans.getBeanProvider(GitHubAppClient.class).getIfAvailable())
                    .isNull();
            assertThat(beans.getBeanProvider(InstallationTokens.class).getIfAvailable())
                    .isNull();
            GitHubGateway gateway = beans.getBean(GitHubGateway.class);

            assertThatThrownBy(() -> gateway.permissionOf(42, new RepoRef("acme", "hello"), "alice"))
                    .isInstanceOf(GitHubNotConfiguredException.class)
                    .isInstanceOf(GitHubException.class)
                    .hasMessage(
                            "GitHub App is not configured: set pitapat.github.app-id and pitapat.github.private-key");
            assertThatThrownBy(() -> gateway.react(42, new RepoRef("acme", "hello"), 1, Reaction.EYES))
                    .isInstanceOf(GitHubNotConfiguredException.class);
        });
    }

    @Test
    void talksToGitHubWithHealthWhenTheAppIsConfigured() {
        context.withPropertyValues("pitapat.github.app-id=123456", "pitapat.github.private-key=" + KEY)
                .run(beans -> {
                    assertThat(beans.getBean(GitHubGateway.class)).isInstanceOf(GitHubRestGateway.class);
                    assertThat(beans.getBeansOfType(HealthIndicator.class)).containsOnlyKeys("githubHealthIndicator");
                    assertThat(beans.getBeanProvider(InstallationTokens.class).getIfAvailable())
                            .isNotNull();
                });
    }

    @Test
    void failsStartUpNamingTheMissingSetting() {
        context.withPropertyValues("pitapat.github.app-id=123456").run(beans -> {
            assertThat(beans).hasFailed();
            Throwable root = beans.getStartupFailure();
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root)
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessage(
                            "pitapat.github.private-key: app-id is set but neither private-key nor private-key-file is");
        });
    }
}
