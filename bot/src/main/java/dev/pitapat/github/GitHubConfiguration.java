package dev.pitapat.github;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real gateway when the App is configured ({@link GitHubProperties#appConfigured()}), otherwise the
 * null object; the {@code github} health indicator and {@link InstallationTokens} only when it is. A {@link Clock}
 * bean, if any, is used.
 *
 * <p>Which of these exist is decided when the bot starts, from its settings, inside the bean methods: a bean
 * that does not apply is a null bean (optional injection points get nothing, and it is in no list of beans), never
 * a {@code @Conditional} one, which the AOT-processed jar would fix at build time.
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

    /** The App's client; none (a null bean: optional injection points get nothing) without an App. */
    @Bean
    @Nullable
    GitHubAppClient gitHubAppClient(
            GitHubProperties properties,
            GitHubCallProperties calls,
            MeterRegistry meters,
            ObjectProvider<Clock> clockProvider) {
        if (!properties.appConfigured()) {
            return null;
        }
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
    @Nullable
    InstallationTokens installationTokens(@Nullable GitHubAppClient app, GitHubProperties properties) {
        return app == null ? null : new InstallationTokens(app, properties.apiUrl());
    }

    @Bean
    @Nullable
    GitHubHealthIndicator githubHealthIndicator(@Nullable GitHubAppClient app, ObjectProvider<Clock> clockProvider) {
        return app == null ? null : new GitHubHealthIndicator(app, clockProvider.getIfAvailable(Clock::systemUTC));
    }
}
