package dev.pitapat.github;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
@EnableConfigurationProperties(GitHubCallProperties.class)
public class GitHubConfiguration {

    /**
     * The App's gateway; without an App, the local stand-in's ({@code github.local}) when it runs, else the
     * null object.
     */
    @Bean
    GitHubGateway gitHubGateway(ObjectProvider<GitHubAppClient> app, ObjectProvider<StandIn> local) {
        GitHubAppClient client = app.getIfAvailable();
        if (client != null) {
            return new GitHubRestGateway(client);
        }
        StandIn standIn = local.getIfAvailable();
        return standIn == null ? new NotConfiguredGitHubGateway() : standIn.gateway();
    }

    /**
     * A local stand-in for GitHub (the first run's, {@code github.local}), offered only while no App is
     * configured: its gateway, and where its pages are.
     */
    public interface StandIn {
        GitHubGateway gateway();

        /** The page of a repository it serves; empty for any other. */
        Optional<URI> repositoryPage(String repo);

        /** The example pull request's page. */
        URI pullRequestPage();
    }

    /** Where links to a repository go: the App's GitHub, or the stand-in's pages for the repository it serves. */
    @Bean
    GitHubWeb gitHubWeb(GitHubProperties properties, ObjectProvider<StandIn> standIn) {
        GitHubWeb github = repo -> URI.create(properties.webUrl() + "/" + repo);
        StandIn local = standIn.getIfAvailable();
        return local == null ? github : repo -> local.repositoryPage(repo).orElseGet(() -> github.repository(repo));
    }

    @Bean
    @Conditional(AppConfigured.class)
    GitHubAppClient gitHubAppClient(
            GitHubProperties properties,
            GitHubCallProperties calls,
            MeterRegistry meters,
            ObjectProvider<Clock> clockProvider) {
        Clock clock = clockProvider.getIfAvailable(Clock::systemUTC);
        GitHubHttp http = new GitHubHttp(
                properties.apiUrl(),
                GitHubHttp.defaultClient(),
                JsonMapper.builder().build(),
                meters,
                new GitHubClock(clock),
                duration -> Thread.sleep(duration),
                new ConditionalCache(),
                calls);
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
