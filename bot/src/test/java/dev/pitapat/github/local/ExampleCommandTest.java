package dev.pitapat.github.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code pitapat example} says what is wrong, and how to fix it, when it cannot play the conversation. */
class ExampleCommandTest {

    @RegisterExtension
    static WireMockExtension bot = WireMockExtension.newInstance()
            .options(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ExampleCommand.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badArgumentsGetTheUsageLineAndExit2() {
        assertThat(run("--url")).isEqualTo(2);
        assertThat(run("--url", "ftp://somewhere")).isEqualTo(2);
        assertThat(errors()).contains("usage: pitapat example [--url");
    }

    @Test
    void noBotListeningSaysToStartItFirst() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        assertThat(run("--url", "http://127.0.0.1:" + closed)).isEqualTo(1);
        assertThat(errors()).contains("no bot answers at http://127.0.0.1:" + closed, "./pitapat`");
    }

    @Test
    void aBotWithAGitHubAppHasNoStandInAndSaysSo() {
        bot.stubFor(
                get(urlEqualTo("/local-github/api/pull")).willReturn(aResponse().withStatus(404)));

        assertThat(run("--url", bot.baseUrl())).isEqualTo(1);
        assertThat(errors()).contains("has a GitHub App configured, so it runs no local stand-in for GitHub");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
