package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitapat.model.RepoRef;
import dev.pitapat.testing.MovableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real GitHub client pointed at a WireMock server: a movable clock, a sleeper that records waits and moves
 * the clock on instead of sleeping, and a meter registry to read.
 */
final class GitHubRig {

    /** GitHub's stand-in: WireMock on a free loopback port. */
    static WireMockExtension wireMock() {
        return WireMockExtension.newInstance()
                .options(com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig()
                        .dynamicPort()
                        .bindAddress("127.0.0.1"))
                .build();
    }

    static final long APP_ID = 123456;
    static final long INSTALLATION = 42;
    static final String TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final String TOKEN_PATH = "/app/installations/" + INSTALLATION + "/access_tokens";
    static final RepoRef REPO = new RepoRef("acme", "hello");

    final WireMockExtension server;
    final MovableClock clock;
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final GitHubHttp http;
    final GitHubAppClient app;
    final GitHubRestGateway gateway;

    GitHubRig(WireMockExtension server) {
        this(server, new ConditionalCache());
    }

    /** With {@code remembered} holding GET answers, for tests that make it small. */
    GitHubRig(WireMockExtension server, ConditionalCache remembered) {
        this(server, remembered, GitHubCallProperties.DEFAULTS, START);
    }

    /** With these settings, and this machine's clock starting at {@code now}. */
    GitHubRig(WireMockExtension server, GitHubCallProperties settings, Instant now) {
        this(server, new ConditionalCache(), settings, now);
    }

    private GitHubRig(
            WireMockExtension server, ConditionalCache remembered, GitHubCallProperties settings, Instant now) {
        this.server = server;
        this.clock = new MovableClock(now);
        this.http = new GitHubHttp(
                URI.create(server.baseUrl()),
                GitHubHttp.defaultClient(),
                JsonMapper.builder().build(),
                meters,
                new GitHubClock(clock),
                duration -> {
                    sleeps.add(duration);
                    clock.advance(duration);
                },
                remembered,
                settings);
        this.app = new GitHubAppClient(http, APP_ID, (RSAPrivateKey) TestKeys.RSA.getPrivate(), clock);
        this.gateway = new GitHubRestGateway(app);
    }

    /** The client on real time, for tests of what happens between threads: the system clock, and real waits. */
    static GitHubRestGateway realTime(WireMockExtension server, MeterRegistry meters, GitHubCallProperties settings) {
        GitHubHttp http = new GitHubHttp(
                URI.create(server.baseUrl()),
                GitHubHttp.defaultClient(),
                JsonMapper.builder().build(),
                meters,
                new GitHubClock(Clock.systemUTC()),
                duration -> Thread.sleep(duration),
                new ConditionalCache(),
                settings);
        return new GitHubRestGateway(
                new GitHubAppClient(http, APP_ID, (RSAPrivateKey) TestKeys.RSA.getPrivate(), Clock.systemUTC()));
    }

    /** GitHub hands out {@link #TOKEN}, expiring an hour after {@link #START}. */
    GitHubRig withInstallationToken() {
        server.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(json(201, "installation-token.json")));
        return this;
    }

    double calls(String operation, String status) {
        Counter counter = meters.find(GitHubHttp.CALLS_METRIC)
                .tag("operation", operation)
                .tag("status", status)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    static ResponseDefinitionBuilder json(int status, String fixture) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(fixture(fixture));
    }

    static String fixture(String name) {
        try (InputStream in = GitHubRig.class.getResourceAsStream("/github-api/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture github-api/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
