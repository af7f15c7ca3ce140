package dev.pitapat.github;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real gateway when the App is configured ({@link GitHubProperties#appConfigured()}), otherwise the
 * null object; the {@code github} health indicator and {@link InstallationTokens} only when it is. A {@link Clock} bean, if any, is used.
 */
@Configuration(proxyBeanMethods = false)
public class GitHubConfiguration {

    /**
     * The App's gateway; without an App, the local stand-in's ({@code github.local}) when it runs, else the
     * null object.
     */
    @Bean
    GitHubGateway gitHubGateway(ObjectProvider<GitHubAppClient> app, ObjectProvider<LocalGateway> local) {
        GitHubAppClient client = app.getIfAvailable();
        if (client != null) {
            return new GitHubRestGateway(client);
        }
        LocalGateway standIn = local.getIfAvailable();
        return standIn == null ? new NotConfiguredGitHubGateway() : standIn.gateway();
    }

    /** The gateway of a local stand-in for GitHub, offered only while no App is configured. */
    public interface LocalGateway {
        GitHubGateway gateway();
    }

    @Bean
    @Conditional(AppConfigured.class)
    GitHubAppClient gitHubAppClient(
            GitHubProperties properties, MeterRegistry meters, ObjectProvider<Clock> clockProvider) {
        Clock clock = clockProvider.getIfAvailable(Clock::systemUTC);
        GitHubHttp http = new GitHubHttp(
                properties.apiUrl(),
                GitHubHttp.defaultClient(),
                JsonMapper.builder().build(),
                meters,
                clock,
                duration -> Thread.sleep(duration));
        return new GitHubAppClient(
                http,
                properties.appId().orElseThrow(),
                properties.appPrivateKey().orElseThrow(),
                clock);
    }

    /** The App's installation tokens for Git over HTTPS (the GitOps repository). */
    @Bean
    @Conditional(AppConfigured.class)
    InstallationTokens installationTokens(GitHubAppClient app, GitHubProperties properties) {
        return new InstallationTokens(app, properties.apiUrl());
    }

    @Bean
    @Conditional(AppConfigured.class)
    GitHubHealthIndicator githubHealthIndicator(GitHubAppClient app, ObjectProvider<Clock> clockProvider) {
        return new GitHubHealthIndicator(app, clockProvider.getIfAvailable(Clock::systemUTC));
    }

    /** Binds {@code pitapat.github} early to ask {@link GitHubProperties#appConfigured()}. */
    public static final class AppConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment())
                    .bind("pitapat.github", GitHubProperties.class)
                    .map(GitHubProperties::appConfigured)
                    .orElse(false);
        }
    }

    /** The opposite of {@link AppConfigured}: no App id and key, so nothing can reach GitHub. */
    public static final class NoAppConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !new AppConfigured().matches(context, metadata);
        }
    }
}
