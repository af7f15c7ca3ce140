package dev.pitapat.github.local;

import dev.pitapat.github.GitHubConfiguration;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.model.StandInSecret;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * The local stand-in for GitHub, only while no GitHub App is configured: a first run shows the whole path,
 * signed delivery to reports, on the bundled example, and nothing is sent to GitHub. With an App, each of these
 * beans is a null bean (decided at start, as in {@link GitHubConfiguration}), and the stand-in's API and page
 * answer 404 saying why.
 */
@Configuration(proxyBeanMethods = false)
class LocalGitHubConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LocalGitHubConfiguration.class);

    @Bean(destroyMethod = "close")
    @Nullable
    LocalStandIn localStandIn(
            GitHubProperties github,
            LocalGitHubProperties properties,
            Environment environment,
            ObjectProvider<Clock> clock) {
        if (github.appConfigured()) {
            return null;
        }
        Optional<URI> publicUrl = Optional.ofNullable(environment.getProperty("pitapat.public-url"))
                .filter(url -> !url.isBlank())
                .map(url -> URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url));
        return new LocalStandIn(properties.dir(), clock.getIfAvailable(Clock::systemUTC), publicUrl);
    }

    @Bean
    @Nullable
    StandInSecret standInSecret(@Nullable LocalStandIn standIn) {
        return standIn == null ? null : StandInSecret.random();
    }

    @Bean
    @Nullable
    LocalDeliveries localDeliveries(@Nullable LocalStandIn standIn, @Nullable StandInSecret secret) {
        return standIn == null || secret == null ? null : new LocalDeliveries(standIn, secret);
    }

    @Bean
    @Nullable
    LocalActions localActions(@Nullable LocalStandIn standIn, @Nullable LocalDeliveries deliveries) {
        return standIn == null || deliveries == null ? null : new LocalActions(standIn, deliveries);
    }

    @Bean
    GitHubConfiguration.@Nullable StandIn standInSeam(@Nullable LocalStandIn standIn) {
        if (standIn == null) {
            return null;
        }
        GitHubGateway gateway = new LocalGitHubGateway(standIn);
        return new GitHubConfiguration.StandIn() {
            @Override
            public GitHubGateway gateway() {
                return gateway;
            }

            @Override
            public Optional<URI> repositoryPage(String repo) {
                return repo.equalsIgnoreCase(LocalGitHub.REPO.fullName())
                        ? Optional.of(URI.create(standIn.links().web() + "/" + LocalGitHub.REPO))
                        : Optional.empty();
            }

            @Override
            public URI pullRequestPage() {
                return standIn.links().pullRequest();
            }
        };
    }

    @Bean
    @Nullable
    Announcer localStandInAnnouncer(@Nullable LocalStandIn standIn) {
        return standIn == null ? null : new Announcer(standIn);
    }

    /** Learns the port, then says in the log what runs instead of GitHub. */
    static final class Announcer {
        private final LocalStandIn standIn;

        Announcer(LocalStandIn standIn) {
            this.standIn = standIn;
        }

        @EventListener
        void serverStarted(WebServerInitializedEvent event) {
            if (event.getApplicationContext().getParent() == null) {
                standIn.serverStarted(event.getWebServer().getPort());
            }
        }

        @EventListener(ApplicationReadyEvent.class)
        void announce() {
            log.info(
                    "No GitHub App is configured: a local stand-in for GitHub serves the example repository {} with"
                            + " pull request #{} (nothing is sent to GitHub; its data: {}). Watch a deploy with"
                            + " `./pitapat example`, or comment yourself at {}",
                    LocalGitHub.REPO,
                    LocalGitHub.PULL_REQUEST,
                    standIn.folder(),
                    standIn.links().pullRequest());
        }
    }
}
