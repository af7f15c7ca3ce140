package dev.pitapat.setup;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitapat.testing.GitHubStandIn;
import dev.pitapat.testing.MovableClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registering the GitHub App through {@code GET /setup}, over real HTTP from a loopback client, with GitHub at WireMock
 * answering {@code POST /app-manifests/{code}/conversions} as GitHub documents it: the form, the manifest it sends to
 * GitHub, the callback's state, the credentials shown once (or written to {@code pitapat.setup.write-to}), GitHub's
 * refusals, and the clients that are turned away. No App and no sign-in are configured.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pitapat.public-url=https://pitapat.example.com"})
@ExtendWith(OutputCaptureExtension.class)
class SetupPageTest {

    static final String CODE = "a180b1a3d263c81bc6441d7b990bae27d4c10679";
    static final String PUBLIC_URL = "https://pitapat.example.com";
    /** The secrets of {@code app-manifest-conversion.json}. */
    static final String PEM_LINE = "MIIEpAIBAAKCAQEAsetupPageFakeKeyNotARealKeyAtAll0123456789abcdef";

    static final String WEBHOOK_SECRET = "e340154128314309424b7c8e90325147d99fdafa";
    static final String CLIENT_SECRET = "0f4d7c1e9b2a3d5f6e8c0b1a2d3e4f5a6b7c8d9e";
    static final String CLIENT_ID = "Iv23liSetupPage00001";
    static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "pitapat-setup-" + UUID.randomUUID());
    static final Path SETTINGS_FILE = DIR.resolve("github-app.env");
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-12-04T09:00:00Z"));

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern STATE = Pattern.compile("name=\"state\" value=\"([^\"]+)\"");
    private static final Pattern GITHUB_FORM =
            Pattern.compile("<form method=\"post\" action=\"([^\"]+)\">\\s*<input type=\"hidden\" name=\"manifest\""
                    + " value=\"([^\"]*)\">");

    @RegisterExtension
    static WireMockExtension github = GitHubStandIn.server();

    @TestBean(name = "clock", methodName = "movableClock")
    Clock clock;

    @LocalServerPort
    int port;

    @Autowired
    WebApplicationContext context;

    static Clock movableClock() {
        return CLOCK;
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        Files.createDirectories(DIR);
        registry.add("pitapat.github.api-url", github::baseUrl);
        registry.add("pitapat.gitops.repo", () -> DIR.resolve("gitops.git").toString());
        registry.add("pitapat.gitops.workdir", () -> DIR.resolve("work").toString());
        registry.add(
                "pitapat.local-github.dir", () -> DIR.resolve("local-github").toString());
        registry.add("pitapat.setup.write-to", SETTINGS_FILE::toString);
    }

    @AfterAll
    static void removeFiles() {
        FileSystemUtils.deleteRecursively(DIR.toFile());
    }

    @Test
    void showsTheFormToALoopbackClientWithThePublicUrlFilledIn() throws Exception {
        HttpResponse<String> form = get("/setup");

        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(form.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(policy -> assertThat(policy)
                        .contains("default-src 'none'")
                        .contains("form-action 'self' " + github.baseUrl() + ";"));
        assertThat(form.body())
                .contains("<form method=\"get\" action=\"/setup\">")
                .contains("name=\"name\" value=\"pitapat\"")
                .contains("name=\"url\" value=\"" + PUBLIC_URL + "\"")
                .contains("name=\"organization\" value=\"\"")
                .contains("value=\"private\" checked")
                .contains("name=\"gitops\" value=\"app\" checked")
                .contains("them to <code>" + SETTINGS_FILE + "</code>")
                .doesNotContain("<script");
        assertThat(state(form.body())).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void theReviewPostsExactlyThePermissionsAndEventsPitapatUsesToTheOrganizationsSettings() throws Exception {
        Review review = review(Map.of("organization", "acme", "gitops", "app"));

        assertThat(review.action())
                .isEqualTo(github.baseUrl() + "/organizations/acme/settings/apps/new?state=" + review.state());
        JsonNode manifest = review.manifest();
        assertThat(permissions(manifest))
                .containsExactly(
                        entry("checks", "write"),
                        entry("contents", "write"),
                        entry("deployments", "write"),
                        entry("issues", "write"),
                        entry("metadata", "read"),
                        entry("pull_requests", "write"),
                        entry("statuses", "read"));
        assertThat(JSON.convertValue(manifest.path("default_events"), List.class))
                .containsExactly("check_run", "check_suite", "issue_comment", "pull_request", "push", "status");
        assertThat(manifest.path("name").stringValue()).isEqualTo("pitapat-acme");
        assertThat(manifest.path("url").stringValue()).isEqualTo(PUBLIC_URL);
        assertThat(manifest.path("hook_attributes").path("url").stringValue())
                .isEqualTo(PUBLIC_URL + "/webhooks/github");
        assertThat(JSON.convertValue(manifest.path("callback_urls"), List.class))
                .containsExactly(PUBLIC_URL + "/login/oauth2/code/github");
        // GitHub sends the browser back where it reached the page: a loopback address, which the callback demands.
        assertThat(manifest.path("redirect_url").stringValue()).isEqualTo(base() + "/setup/callback");
        assertThat(manifest.path("public").booleanValue()).isFalse();
        assertThat(review.body())
                .contains("the GitHub organization acme")
                .contains("<td><code>contents</code></td><td>write</td>");
        // The paths the manifest names are the bot's own: its webhook intake answers there (no secret yet: 503).
        HttpResponse<String> webhook = HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "/webhooks/github"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(webhook.statusCode()).isEqualTo(503);
    }

    @Test
    void withoutAnOrganizationTheAppGoesToThePersonalAccountAndContentsCanStayReadOnly() throws Exception {
        Review review = review(Map.of("organization", "", "visibility", "public"));

        assertThat(review.action()).isEqualTo(github.baseUrl() + "/settings/apps/new?state=" + review.state());
        assertThat(permissions(review.manifest())).containsEntry("contents", "read");
        assertThat(review.manifest().path("public").booleanValue()).isTrue();
        assertThat(review.body()).contains("your own GitHub account");
    }

    @Test
    void aFormWithProblemsComesBackNamingEachAndNothingGoesToGitHub() throws Exception {
        String state = state(get("/setup").body());

        HttpResponse<String> answer = get("/setup?"
                + query(Map.of(
                        "state", state,
                        "organization", "-acme",
                        "name", "",
                        "url", "http://localhost:8080",
                        "visibility", "private")));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(text(answer.body()))
                .contains("Organization: a GitHub login has letters")
                .contains("App name: 1 to 34 characters")
                .contains("cannot be this machine's loopback address");
        assertThat(answer.body()).doesNotContain("name=\"manifest\"");
        assertThat(state(answer.body())).isEqualTo(state);
    }

    @Test
    void theCallbackExchangesTheCodeOnceAndShowsTheCredentialsOnlyOnThatAnswer(CapturedOutput output) throws Exception {
        github.stubFor(post(urlEqualTo("/app-manifests/" + CODE + "/conversions"))
                .willReturn(GitHubStandIn.fixture(201, "app-manifest-conversion.json")));
        Review review = review(Map.of("organization", "acme", "gitops", "app"));

        HttpResponse<String> registered = get("/setup/callback?code=" + CODE + "&state=" + review.state());

        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(registered.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(registered.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        github.verify(
                1,
                postRequestedFor(urlEqualTo("/app-manifests/" + CODE + "/conversions"))
                        .withHeader("Authorization", absent())
                        .withHeader(
                                "Accept",
                                com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                                        "application/vnd.github+json")));
        String page = text(registered.body());
        assertThat(page)
                .contains("GitHub registered pitapat-acme")
                .contains("kubectl create secret generic pitapat-github \\\n")
                .contains("--from-literal='app-id=654321'")
                .contains("--from-literal='private-key=-----BEGIN RSA PRIVATE KEY-----\n" + PEM_LINE)
                .contains("--from-literal='webhook-secret=" + WEBHOOK_SECRET + "'")
                .contains("--from-literal='client-secret=" + CLIENT_SECRET + "'")
                .contains("github:\n  existingSecret: pitapat-github")
                .contains("  clientId: " + CLIENT_ID + "\n")
                .contains("config:\n  public-url: " + PUBLIC_URL)
                .contains("PITAPAT_PUBLIC_URL='" + PUBLIC_URL + "'");
        assertThat(registered.body()).contains("href=\"https://github.com/apps/pitapat-acme/installations/new\"");

        HttpResponse<String> replayed = get("/setup/callback?code=" + CODE + "&state=" + review.state());

        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(text(replayed.body())).contains("was used already").contains("Start again at /setup");
        assertThat(replayed.body()).doesNotContain(PEM_LINE).doesNotContain(WEBHOOK_SECRET);
        github.verify(1, postRequestedFor(urlPathMatching("/app-manifests/.*")));
        assertThat(output.getAll())
                .contains("GitHub App pitapat-acme (id 654321) of acme registered through the setup page")
                .doesNotContain(PEM_LINE)
                .doesNotContain(WEBHOOK_SECRET)
                .doesNotContain(CLIENT_SECRET)
                .doesNotContain(CODE);
    }

    @Test
    void aMissingWrongUnsentOrExpiredStateIsRefusedAndGitHubIsNotAsked() throws Exception {
        String unsent = state(get("/setup").body()); // handed out with a form that never went to GitHub
        String expired = review(Map.of()).state();
        CLOCK.advance(SetupStates.LIFETIME);

        HttpResponse<String> none = get("/setup/callback?code=" + CODE);
        HttpResponse<String> wrong =
                get("/setup/callback?code=" + CODE + "&state=Xq3vT0bq1s2xY5lQm8cJ7wZrN4pK6hD9aF0eG2iL3uE");
        HttpResponse<String> notSent = get("/setup/callback?code=" + CODE + "&state=" + unsent);
        HttpResponse<String> old = get("/setup/callback?code=" + CODE + "&state=" + expired);
        HttpResponse<String> noCode =
                get("/setup/callback?state=" + review(Map.of()).state());

        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(text(none.body())).contains("this request has none, so nothing was sent to GitHub. Start at /setup");
        for (HttpResponse<String> refused : List.of(wrong, notSent, old)) {
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(text(refused.body()))
                    .contains("This state is not one this pitapat handed out, was used already, or is over an hour old")
                    .contains("nothing was sent to GitHub. Start again at /setup");
        }
        assertThat(noCode.statusCode()).isEqualTo(400);
        assertThat(text(noCode.body())).contains("GitHub sends you back here with a code");
        github.verify(0, postRequestedFor(urlPathMatching("/app-manifests/.*")));
    }

    @ParameterizedTest(name = "GitHub answers {0}")
    @ValueSource(ints = {404, 422})
    void aCodeGitHubNoLongerTakesIsShownWithWhatToDo(int status) throws Exception {
        github.stubFor(post(urlEqualTo("/app-manifests/" + CODE + "/conversions"))
                .willReturn(GitHubStandIn.fixture(
                        status, status == 404 ? "error-not-found.json" : "error-validation-failed.json")));
        Review review = review(Map.of());

        HttpResponse<String> refused = get("/setup/callback?code=" + CODE + "&state=" + review.state());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(text(refused.body()))
                .contains("GitHub refused the code")
                .contains("GitHub did not hand over the new App's credentials (" + status)
                .contains("its code works once, within an hour of starting the registration")
                .contains("Start again at /setup")
                .contains("delete it in its settings on GitHub");
        github.verify(1, postRequestedFor(urlPathMatching("/app-manifests/.*")));
    }

    @Test
    void gitHubFailingIsABadGatewayAndTheCodeIsSentOnce() throws Exception {
        github.stubFor(post(urlEqualTo("/app-manifests/" + CODE + "/conversions"))
                .willReturn(GitHubStandIn.fixture(502, "error-server-error.json")));
        Review review = review(Map.of());

        HttpResponse<String> failed = get("/setup/callback?code=" + CODE + "&state=" + review.state());

        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(text(failed.body()))
                .contains("pitapat could not get the new App's credentials from GitHub (502")
                .contains("The code cannot be tried twice. Start again at /setup");
        github.verify(1, postRequestedFor(urlPathMatching("/app-manifests/.*")));
    }

    @Test
    void writesTheSettingsToTheConfiguredFileOnlyItsOwnerMayRead(CapturedOutput output) throws Exception {
        github.stubFor(post(urlPathMatching("/app-manifests/[a-z0-9]+/conversions"))
                .willReturn(GitHubStandIn.fixture(201, "app-manifest-conversion.json")));
        Review review = review(Map.of("write", "file"));
        assertThat(review.body()).contains("writes them to <code>" + SETTINGS_FILE + "</code>");

        HttpResponse<String> written = get("/setup/callback?code=" + CODE + "&state=" + review.state());

        assertThat(written.statusCode()).isEqualTo(200);
        assertThat(text(written.body()))
                .contains("Its settings are in " + SETTINGS_FILE)
                .contains("set -a; . " + SETTINGS_FILE + "; set +a; ./pitapat")
                .doesNotContain(PEM_LINE)
                .doesNotContain(WEBHOOK_SECRET)
                .doesNotContain(CLIENT_SECRET);
        assertThat(Files.getPosixFilePermissions(SETTINGS_FILE))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(sourced(SETTINGS_FILE))
                .containsEntry("PITAPAT_GITHUB_APP_ID", "654321")
                .containsEntry("PITAPAT_GITHUB_WEBHOOK_SECRET", WEBHOOK_SECRET)
                .containsEntry("PITAPAT_GITHUB_CLIENT_ID", CLIENT_ID)
                .containsEntry("PITAPAT_GITHUB_CLIENT_SECRET", CLIENT_SECRET)
                .containsEntry("PITAPAT_PUBLIC_URL", PUBLIC_URL)
                .hasEntrySatisfying(
                        "PITAPAT_GITHUB_PRIVATE_KEY",
                        key -> assertThat(key)
                                .startsWith("-----BEGIN RSA PRIVATE KEY-----\n" + PEM_LINE + "\n")
                                .endsWith("\n-----END RSA PRIVATE KEY-----"));
        assertThat(output.getAll()).contains("written to " + SETTINGS_FILE).doesNotContain(PEM_LINE);

        // A second registration finds the file there: it is not overwritten, and the settings are shown instead.
        String before = Files.readString(SETTINGS_FILE);
        Review again = review(Map.of("write", "file"));
        HttpResponse<String> shown = get("/setup/callback?code=b2c3d4e5f6a7b8c9d0e1&state=" + again.state());

        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(text(shown.body()))
                .contains("pitapat could not write " + SETTINGS_FILE
                        + ": it exists already, and pitapat does not overwrite a file")
                .contains("--from-literal='webhook-secret=" + WEBHOOK_SECRET + "'");
        assertThat(Files.readString(SETTINGS_FILE)).isEqualTo(before);
    }

    @Test
    void aClientThatIsNotLoopbackIsRefusedTheSetupPageAndItsCallback() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .addFilters(context.getBean(
                        "loopbackOnlyFilter", org.springframework.web.filter.OncePerRequestFilter.class))
                .build();

        for (String path : List.of("/setup", "/setup/callback?code=" + CODE + "&state=abc")) {
            MvcResult refused = mvc.perform(MockMvcRequestBuilders.get(path).with(request -> {
                        request.setRemoteAddr("203.0.113.7");
                        return request;
                    }))
                    .andReturn();

            assertThat(refused.getResponse().getStatus()).isEqualTo(403);
            assertThat(refused.getResponse().getHeader("Cache-Control")).isEqualTo("no-store");
            assertThat(text(refused.getResponse().getContentAsString()))
                    .contains("The setup page registers the GitHub App and shows its private key, so it answers"
                            + " loopback clients only")
                    .contains("through kubectl port-forward");
        }
        assertThat(mvc.perform(MockMvcRequestBuilders.get("/setup"))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(200); // MockMvc's own client is 127.0.0.1
        github.verify(0, postRequestedFor(urlPathMatching("/app-manifests/.*")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pitapat.example.com", "rebound.attacker.example", "10.0.0.7"})
    void aLoopbackClientMustReachItUnderALoopbackName(String host) throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();

        MvcResult refused = mvc.perform(MockMvcRequestBuilders.get("/setup").with(request -> {
                    request.setServerName(host);
                    return request;
                }))
                .andReturn();

        assertThat(refused.getResponse().getStatus()).isEqualTo(403);
        assertThat(text(refused.getResponse().getContentAsString()))
                .contains("The setup page answers only under a loopback name, such as http://localhost:");
        for (String loopback : List.of("localhost", "127.0.0.1", "[::1]")) {
            assertThat(mvc.perform(MockMvcRequestBuilders.get("/setup").with(request -> {
                                request.setServerName(loopback);
                                return request;
                            }))
                            .andReturn()
                            .getResponse()
                            .getStatus())
                    .as(loopback)
                    .isEqualTo(200);
        }
    }

    /** The form filled in as {@code fields} say (else as shown), sent to the page, and the GitHub form it answers. */
    private Review review(Map<String, String> fields) throws Exception {
        String state = state(get("/setup").body());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("state", state);
        form.put("organization", "acme");
        form.put("name", "pitapat-acme");
        form.put("url", PUBLIC_URL);
        form.put("visibility", "private");
        form.putAll(fields);

        HttpResponse<String> review = get("/setup?" + query(form));

        assertThat(review.statusCode()).as(review.body()).isEqualTo(200);
        assertThat(review.headers().firstValue("Cache-Control")).hasValue("no-store");
        Matcher github = GITHUB_FORM.matcher(review.body());
        assertThat(github.find()).as(review.body()).isTrue();
        return new Review(
                state,
                HtmlUtils.htmlUnescape(github.group(1)),
                JSON.readTree(HtmlUtils.htmlUnescape(github.group(2))),
                review.body());
    }

    record Review(String state, String action, JsonNode manifest, String body) {}

    /** What a POSIX shell makes of the file: each variable it sets, as {@code set -a; . file} would export it. */
    static Map<String, String> sourced(Path file) throws Exception {
        List<String> names = List.of(
                "PITAPAT_GITHUB_APP_ID",
                "PITAPAT_GITHUB_PRIVATE_KEY",
                "PITAPAT_GITHUB_WEBHOOK_SECRET",
                "PITAPAT_GITHUB_CLIENT_ID",
                "PITAPAT_GITHUB_CLIENT_SECRET",
                "PITAPAT_PUBLIC_URL");
        String print = names.stream().map(name -> "\"$" + name + "\"").collect(Collectors.joining(" "));
        Process shell = new ProcessBuilder(
                        "sh", "-c", "set -a; . \"$1\"; set +a; printf '%s\\0' " + print, "sh", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor()).as(out).isZero();
        String[] values = out.split("\0", -1);
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            variables.put(names.get(i), values[i]);
        }
        return variables;
    }

    private static Map<String, String> permissions(JsonNode manifest) {
        Map<String, String> permissions = new LinkedHashMap<>();
        manifest.path("default_permissions")
                .properties()
                .forEach(field ->
                        permissions.put(field.getKey(), field.getValue().stringValue()));
        return permissions;
    }

    private static String state(String html) {
        Matcher state = STATE.matcher(html);
        assertThat(state.find()).as(html).isTrue();
        return state.group(1);
    }

    /** The page as a person reads it: without tags, entities as the characters they stand for. */
    static String text(String html) {
        return HtmlUtils.htmlUnescape(html.replaceAll("<[^>]+>", ""));
    }

    private static String query(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
