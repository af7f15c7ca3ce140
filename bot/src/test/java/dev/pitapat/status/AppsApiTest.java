package dev.pitapat.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/apps...} over real HTTP against a bot whose GitOps repository holds a few deployments made
 * through {@link GitOpsWriter}, with a freeze, a pin and a deploy in progress in the store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AppsApiTest {

    static final java.nio.file.Path GITOPS =
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "pitapat-apps-api-" + UUID.randomUUID());

    static final String HELLO = "acme/hello";
    static final String SHA_1 = "553c2077f0edc3d5dc5d17262f6aa498e69d6f8e";
    static final String SHA_2 = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The GitOps commits made for the test, by name; made once for the class's context. */
    private static Map<String, String> commits;

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

    @DynamicPropertySource
    static void gitOps(DynamicPropertyRegistry registry) {
        registry.add("pitapat.gitops.repo", () -> GITOPS.resolve("gitops.git").toString());
        registry.add("pitapat.gitops.workdir", () -> GITOPS.resolve("work").toString());
    }

    @BeforeEach
    void deployments() {
        if (commits != null && !gitops.environments().isEmpty()) {
            return;
        }
        commits = Map.of(
                "staging-1", commit(Action.DEPLOY, "hello", "staging", HELLO, SHA_1, 1, "alice"),
                "staging-2", commit(Action.DEPLOY, "hello", "staging", HELLO, SHA_2, 2, "bob"),
                "production", commit(Action.DEPLOY, "hello", "production", HELLO, SHA_1, 3, "alice"),
                "preview", commit(Action.DEPLOY, "billing", "pr-7", "acme/billing", SHA_2, 4, "carol"),
                "preview-removed", commit(Action.UNDEPLOY, "billing", "pr-7", "acme/billing", SHA_2, 5, "carol"),
                "billing-qa", commit(Action.DEPLOY, "billing", "qa", "acme/billing", SHA_1, 6, "carol"));
        locks.lock(target("hello", "production"), "dana", "db migration", Instant.parse("2026-05-01T09:00:00Z"));
        locks.pin(target("hello", "staging"), "erin", "d-000000000001", Instant.parse("2026-05-01T09:30:00Z"));
        locks.tryAcquire(target("billing", "qa"), "`d-00000000aaaa` (deploy by `@carol`)", Duration.ofMinutes(10));
        locks.joinLine(target("billing", "qa"), "`d-00000000bbbb` (deploy by `@dana`)", Duration.ofMinutes(10));
    }

    @Test
    void listsTheAppsAndEnvironmentsOfTheGitOpsRepositoryWithCurrentDeploymentLockPinAndDeployInProgress()
            throws Exception {
        HttpResponse<String> answer = fetch("/api/apps");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode apps = JSON.readTree(answer.body()).path("apps");
        assertThat(apps.findValuesAsString("app")).containsExactly("billing", "hello");
        JsonNode billing = apps.get(0).path("environments");
        assertThat(billing.findValuesAsString("env")).containsExactly("qa"); // pr-7 was removed
        assertThat(billing.get(0).path("deploying").path("holder").asString())
                .isEqualTo("`d-00000000aaaa` (deploy by `@carol`)");
        assertThat(billing.get(0).path("deploying").path("waiting").get(0).asString())
                .isEqualTo("`d-00000000bbbb` (deploy by `@dana`)");

        JsonNode hello = apps.get(1).path("environments");
        assertThat(hello.findValuesAsString("env")).containsExactly("production", "staging");
        JsonNode production = hello.get(0);
        assertThat(production.path("lock").path("by").asString()).isEqualTo("dana");
        assertThat(production.path("lock").path("reason").asString()).isEqualTo("db migration");
        assertThat(production.path("lock").path("at").asString()).isEqualTo("2026-05-01T09:00:00Z");
        assertThat(production.path("pin").isNull()).isTrue();
        assertThat(production.path("deploying").isNull()).isTrue();

        JsonNode staging = hello.get(1);
        JsonNode current = staging.path("current");
        assertThat(current.path("deployment").asString()).isEqualTo("d-000000000002");
        assertThat(current.path("action").asString()).isEqualTo("deploy");
        assertThat(current.path("source").asString()).isEqualTo(HELLO + "@" + SHA_2);
        assertThat(current.path("repo").asString()).isEqualTo(HELLO);
        assertThat(current.path("sha").asString()).isEqualTo(SHA_2);
        assertThat(current.path("requestedBy").asString()).isEqualTo("bob");
        assertThat(current.path("gitopsCommit").asString()).isEqualTo(commits.get("staging-2"));
        assertThat(Instant.parse(current.path("time").asString())).isNotNull();
        assertThat(staging.path("pin").path("by").asString()).isEqualTo("erin");
        assertThat(staging.path("pin").path("revision").asString()).isEqualTo("d-000000000001");
        assertThat(staging.path("lock").isNull()).isTrue();
    }

    @Test
    void oneAppIsTheSameViewOfThatAppOnly() throws Exception {
        HttpResponse<String> answer = fetch("/api/apps/hello");

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode app = JSON.readTree(answer.body());
        assertThat(app.path("app").asString()).isEqualTo("hello");
        assertThat(app.path("environments").findValuesAsString("env")).containsExactly("production", "staging");
        assertThat(app.path("environments")
                        .get(0)
                        .path("current")
                        .path("gitopsCommit")
                        .asString())
                .isEqualTo(commits.get("production"));
    }

    @Test
    void anAppWithoutAFolderIs404NamingIt() throws Exception {
        HttpResponse<String> answer = fetch("/api/apps/nosuch");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(error(answer))
                .startsWith("no app nosuch in the GitOps repository")
                .contains("apps/nosuch/");
    }

    @Test
    void anInvalidNameIs400NamingTheDns1123Rule() throws Exception {
        HttpResponse<String> app = fetch("/api/apps/Hello_World");
        HttpResponse<String> env = fetch("/api/apps/hello/Prod/history");
        HttpResponse<String> tooLong = fetch("/api/apps/" + "a".repeat(40) + "/" + "b".repeat(30) + "/history");

        assertThat(app.statusCode()).isEqualTo(400);
        assertThat(error(app)).startsWith("invalid app name: ").endsWith(AppName.RULE);
        assertThat(env.statusCode()).isEqualTo(400);
        assertThat(error(env)).startsWith("invalid environment name: ").endsWith(EnvName.RULE);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(error(tooLong)).contains("71 characters").endsWith(Target.RULE);
    }

    @Test
    void historyListsDeploymentsNewestFirstTenByDefaultAndClampsTheLimit() throws Exception {
        JsonNode staging =
                JSON.readTree(fetch("/api/apps/hello/staging/history").body());
        assertThat(staging.path("app").asString()).isEqualTo("hello");
        assertThat(staging.path("env").asString()).isEqualTo("staging");
        assertThat(staging.path("deployments").findValuesAsString("gitopsCommit"))
                .containsExactly(commits.get("staging-2"), commits.get("staging-1"));
        assertThat(staging.path("deployments").findValuesAsString("requestedBy"))
                .containsExactly("bob", "alice");

        assertThat(JSON.readTree(
                                fetch("/api/apps/hello/staging/history?limit=1").body())
                        .path("deployments")
                        .findValuesAsString("deployment"))
                .containsExactly("d-000000000002");
        assertThat(JSON.readTree(
                                fetch("/api/apps/hello/staging/history?limit=0").body())
                        .path("deployments")
                        .size())
                .isEqualTo(1);
        assertThat(JSON.readTree(fetch("/api/apps/hello/staging/history?limit=100000")
                                .body())
                        .path("deployments")
                        .size())
                .isEqualTo(2);
    }

    @Test
    void aRemovedPreviewStillHasItsHistory() throws Exception {
        JsonNode preview = JSON.readTree(fetch("/api/apps/billing/pr-7/history").body());

        assertThat(preview.path("deployments").findValuesAsString("action")).containsExactly("undeploy", "deploy");
    }

    @Test
    void historyOfAnEnvironmentNeverDeployedIs404AndABadLimitIs400AsJson() throws Exception {
        HttpResponse<String> none = fetch("/api/apps/hello/qa/history");
        HttpResponse<String> badLimit = fetch("/api/apps/hello/staging/history?limit=ten");

        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(error(none)).startsWith("no deployment of hello/qa in the GitOps repository");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(error(badLimit)).isEqualTo("limit is a whole number of deployments, 1 to 100 (default 10)");
    }

    @Test
    void aClientThatIsNotLoopbackIsRefusedEveryPageButTheActuator() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .addFilters(loopbackOnly)
                .build();

        mvc.perform(get("/api/apps").with(request -> {
                    request.setRemoteAddr("203.0.113.7");
                    return request;
                }))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.containsString("loopback clients only")));
        mvc.perform(get("/api/apps/hello/staging/history").with(request -> {
                    request.setRemoteAddr("203.0.113.7");
                    return request;
                }))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/apps/hello")).andExpect(status().isOk()); // MockMvc's own address is 127.0.0.1
        for (String page : java.util.List.of("/", "/apps/hello", "/favicon.ico")) {
            mvc.perform(get(page).with(request -> {
                        request.setRemoteAddr("203.0.113.7");
                        return request;
                    }))
                    .andExpect(status().isForbidden());
        }
        mvc.perform(get("/actuator/health").servletPath("/actuator/health").with(request -> {
                    request.setRemoteAddr("203.0.113.7");
                    return request;
                }))
                .andExpect(status().isOk());
    }

    private String commit(Action action, String app, String env, String repo, String sha, int deployment, String by) {
        Target target = target(app, env);
        Map<String, byte[]> files = action == Action.UNDEPLOY
                ? Map.of()
                : Map.of("rollout.yaml", ("kind: Rollout\n# " + sha + "\n").getBytes(StandardCharsets.UTF_8));
        CommitResult result = gitops.commit(new Change(
                target,
                files,
                action,
                new SourceRef(repo, new Sha(sha)),
                new DeploymentId(String.format("d-%012x", deployment)),
                by));
        assertThat(result).isInstanceOf(CommitResult.Committed.class);
        return ((CommitResult.Committed) result).commitSha();
    }

    private HttpResponse<String> fetch(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> answer) {
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.properties()).hasSize(1);
        return body.path("error").asString();
    }

    private static Target target(String app, String env) {
        return new Target(new AppName(app), new EnvName(env));
    }
}
