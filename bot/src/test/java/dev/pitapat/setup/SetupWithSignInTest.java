package dev.pitapat.setup;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitapat.testing.GitHubStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * With "Sign in with GitHub" configured (and no App yet), the setup page still answers loopback clients only, and
 * without signing in: over real HTTP, with Tomcat taking the client's address from a proxy's {@code X-Forwarded-For}
 * ({@code server.forward-headers-strategy=native}), as behind an Ingress.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pitapat.github.client-id=Iv23liSetupSignIn0001",
            "pitapat.github.client-secret=5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5",
            "server.forward-headers-strategy=native"
        })
class SetupWithSignInTest {

    static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "pitapat-setup-sign-in-" + UUID.randomUUID());
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @RegisterExtension
    static WireMockExtension github = GitHubStandIn.server();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        Files.createDirectories(DIR);
        registry.add("pitapat.github.api-url", github::baseUrl);
        registry.add("pitapat.gitops.repo", () -> DIR.resolve("gitops.git").toString());
        registry.add("pitapat.gitops.workdir", () -> DIR.resolve("work").toString());
        registry.add(
                "pitapat.local-github.dir", () -> DIR.resolve("local-github").toString());
    }

    @AfterAll
    static void removeFiles() {
        FileSystemUtils.deleteRecursively(DIR.toFile());
    }

    @Test
    void aLoopbackClientGetsTheSetupPageWithoutSigningIn() throws Exception {
        HttpResponse<String> status = get("/", null);
        HttpResponse<String> setup = get("/setup", null);

        // Sign-in is on: the status page sends a browser to GitHub ...
        assertThat(status.statusCode()).isEqualTo(302);
        assertThat(status.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/oauth2/authorization/github"));
        // ... the setup page does not, and starts no session.
        assertThat(setup.statusCode()).isEqualTo(200);
        assertThat(setup.body()).contains("<form method=\"get\" action=\"/setup\">");
        assertThat(setup.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void aClientThroughAProxyIsRefusedTheSetupPageAndItsCallback() throws Exception {
        for (String path : List.of("/setup", "/setup/callback?code=a180b1a3d263c81bc6441d7b990bae27d4c10679&state=x")) {
            HttpResponse<String> refused = get(path, "203.0.113.7");

            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(SetupPageTest.text(refused.body())).contains("so it answers loopback clients only");
        }
        // The proxy's own loopback address, forwarded as such, is a loopback client.
        assertThat(get("/setup", "127.0.0.1").statusCode()).isEqualTo(200);
        github.verify(0, postRequestedFor(urlPathMatching("/app-manifests/.*")));
    }

    private HttpResponse<String> get(String path, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
