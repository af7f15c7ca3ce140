package dev.pitapat.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.gitops.Action;
import dev.pitapat.gitops.Change;
import dev.pitapat.gitops.CommitResult;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.gitops.SourceRef;
import dev.pitapat.model.AppName;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.testing.GitHttpServer;
import dev.pitapat.testing.MovableClock;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * {@code GET /} over real HTTP: the page's HTML for a bot whose GitOps repository is served over smart HTTP with
 * its fetches counted, on a clock the test moves, with a freeze, a pin and a deploy line in the store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StatusPageTest {

    static final String TOKEN = "github_pat_11ABCDEFG0statusPageTokenValue_0123456789abcdef";
    static final String SHA_1 = "553c2077f0edc3d5dc5d17262f6aa498e69d6f8e";
    static final String SHA_2 = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    static final String SCRIPT = "<script>alert(1)</script>";
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path dir;
    private static GitHttpServer server;
    private static boolean committed;

    @TestBean(name = "clock", methodName = "movableClock")
    Clock clock;

    @LocalServerPort
    int port;

    @Autowired
    GitOpsWriter gitops;

    @Autowired
    EnvironmentLocks locks;

    @Autowired
    WebApplicationContext context;

    @Autowired
    LoopbackOnlyFilter loopbackOnly;

    @Autowired
    SecurityFilterChain statusSecurity;

    static Clock movableClock() {
        return CLOCK;
    }

    @DynamicPropertySource
    static void gitOps(DynamicPropertyRegistry registry) throws Exception {
        dir = Files.createTempDirectory("pitapat-status-page");
        server = GitHttpServer.start(dir, TOKEN);
        registry.add("pitapat.gitops.repo", server::url);
        registry.add("pitapat.gitops.token", () -> TOKEN);
        registry.add("pitapat.gitops.workdir", () -> dir.resolve("work").toString());
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        org.springframework.util.FileSystemUtils.deleteRecursively(dir);
    }

    @BeforeEach
    void deployments() {
        if (committed) {
            return;
        }
        commit("hello", "staging", SHA_1, 1, "alice");
        commit("hello", "staging", SHA_2, 2, "bob");
        commit("hello", "production", SHA_1, 3, "alice");
        commit("billing", "qa", SHA_2, 4, "carol");
        locks.lock(target("hello", "production"), "dana", SCRIPT, Instant.parse("2026-05-01T09:00:00Z"));
        locks.pin(target("hello", "staging"), "erin", "d-000000000001", Instant.parse("2026-05-01T09:30:00Z"));
        locks.tryAcquire(target("billing", "qa"), "d-00000000aaaa", Duration.ofMinutes(10));
        locks.joinLine(target("billing", "qa"), "d-00000000bbbb", Duration.ofMinutes(10));
        committed = true;
    }

    /** Without sign-in no request is sent into Spring Security's chain; one that got there would be refused. */
    @Test
    void withoutSignInSpringSecuritysChainRefusesWhateverReachesIt() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.setRemoteAddr("127.0.0.1");
        MockHttpServletResponse response = new MockHttpServletResponse();
        HttpServlet page = new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                resp.setStatus(200);
            }
        };

        assertThat(statusSecurity.matches(request)).isTrue();
        new MockFilterChain(page, statusSecurity.getFilters().toArray(Filter[]::new)).doFilter(request, response);

        assertThat(response.getStatus()).isEqualTo(403);
    }

    @Test
    void showsEachEnvironmentWithWhatRunsNowAndBeforeAndWhatHoldsIt() throws Exception {
        HttpResponse<String> answer = get("/");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
        String html = answer.body();
        assertThat(html)
                .contains("<title>pitapat status</title>", "<h1>pitapat</h1>")
                .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .contains("<h2 id=\"app-billing-name\">billing</h2>", "<h2 id=\"app-hello-name\">hello</h2>")
                .contains("<h3>production</h3>", "<h3>staging</h3>", "<h3>qa</h3>")
                .contains("<a href=\"https://github.com/acme/hello/commit/" + SHA_2 + "\">6dcb09b</a>")
                .contains("<a href=\"https://github.com/acme/hello\">acme/hello</a>")
                .contains("Locked by @dana", "Pinned to <code>d-000000000001</code> by @erin")
                .contains("<code>d-00000000aaaa</code>", "<code>d-00000000bbbb</code>")
                .doesNotContain("No app deployed yet", "<script");
        // the order: now first, then before
        assertThat(html.indexOf("d-000000000002")).isLessThan(html.indexOf("d-000000000001</code></span>"));
        assertThat(answer.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(policy -> assertThat(policy).contains("default-src 'none'"));
    }

    @Test
    void aLockReasonThatLooksLikeMarkupIsShownAsText() throws Exception {
        String html = get("/").body();

        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain(SCRIPT);
    }

    @Test
    void thePageAndTheApiLoadedWithinTheFreshnessWindowFetchTheGitOpsRepositoryOnce() throws Exception {
        CLOCK.advance(GitOpsWriter.OVERVIEW_FRESHNESS); // whatever was fetched before is stale now
        int before = server.fetches();

        assertThat(get("/").body()).contains("<h3>production</h3>", "<h3>staging</h3>", "<h3>qa</h3>");
        CLOCK.advance(GitOpsWriter.OVERVIEW_FRESHNESS.minusSeconds(1));
        assertThat(get("/").statusCode()).isEqualTo(200);
        assertThat(get("/api/apps").statusCode()).isEqualTo(200);

        assertThat(server.fetches() - before).isEqualTo(1);

        CLOCK.advance(Duration.ofSeconds(1));
        get("/");
        assertThat(server.fetches() - before).isEqualTo(2);
    }

    @Test
    void aClientThatIsNotLoopbackIsRefusedThePage() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .addFilters(loopbackOnly)
                .build();

        mvc.perform(MockMvcRequestBuilders.get("/").with(request -> {
                    request.setRemoteAddr("203.0.113.7");
                    return request;
                }))
                .andExpect(MockMvcResultMatchers.status().isForbidden());
        mvc.perform(MockMvcRequestBuilders.get("/"))
                .andExpect(MockMvcResultMatchers.status().isOk());
    }

    private void commit(String app, String env, String sha, int deployment, String by) {
        CommitResult result = gitops.commit(new Change(
                target(app, env),
                Map.of("rollout.yaml", ("kind: Rollout\n# " + sha + "\n").getBytes(StandardCharsets.UTF_8)),
                Action.DEPLOY,
                new SourceRef("acme/" + app, new Sha(sha)),
                new DeploymentId(String.format("d-%012x", deployment)),
                by));
        assertThat(result).isInstanceOf(CommitResult.Committed.class);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Target target(String app, String env) {
        return new Target(new AppName(app), new EnvName(env));
    }
}
