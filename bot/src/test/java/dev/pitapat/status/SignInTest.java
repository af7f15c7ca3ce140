package dev.pitapat.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
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
import dev.pitapat.testing.GitHubStandIn;
import dev.pitapat.testing.MovableClock;
import dev.pitapat.testing.Payloads;
import dev.pitapat.testing.WebhookClient;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Sign in with GitHub" end to end, over real HTTP: a browser signs in through WireMock standing in for GitHub's
 * authorize, token and user endpoints and its installations API, and sees only the apps, histories and deliveries
 * of the repositories GitHub lists for that person. The GitOps repository holds two apps from two repositories:
 * {@code hello} from {@code acme/hello}, which the person can read, and {@code secret} from {@code acme/secret},
 * which they cannot.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pitapat.github.client-id=" + SignInTest.CLIENT_ID,
            "pitapat.github.client-secret=" + SignInTest.CLIENT_SECRET,
            "pitapat.github.webhook-secret=" + SignInTest.WEBHOOK_SECRET,
            "server.forward-headers-strategy=native",
            "pitapat.local-github.dir=${java.io.tmpdir}/pitapat-sign-in-test/local-github",
            "logging.level.dev.pitapat=debug"
        })
@ExtendWith(OutputCaptureExtension.class)
@Import(SignInTest.SignOutPage.class)
class SignInTest {

    static final String CLIENT_ID = "Iv23liSignInTest0001";
    static final String CLIENT_SECRET = "5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5";
    static final String WEBHOOK_SECRET = "It's a Secret to Everybody";
    /** The tokens of {@code oauth-access-token.json}. */
    static final String TOKEN = "ghu_16C7e42F292c6912E7710c838347Ae178B4a";

    static final String REFRESH_TOKEN =
            "ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498";
    static final String CODE = "8b2f6a0c1d3e5f7a9b0c";
    static final String LOGIN = "mona";
    static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    static final Path GITOPS = Path.of(System.getProperty("java.io.tmpdir"), "pitapat-sign-in-" + UUID.randomUUID());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("pitapat.github.api-url", SignInTest::gitHub);
        registry.add("pitapat.gitops.repo", () -> GITOPS.resolve("gitops.git").toString());
        registry.add("pitapat.gitops.workdir", () -> GITOPS.resolve("work").toString());
    }

    /** The clock that tells how old a person's list of repositories is. */
    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock(Instant.now());
        }
    }

    /** A page with a form, as the status page has one for signing out: Spring Security gives it a CSRF token. */
    @RestController
    static class SignOutPage {
        @GetMapping("/signed-in")
        String page(HttpServletRequest request) {
            CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            return "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"" + csrf.getParameterName()
                    + "\" value=\"" + csrf.getToken() + "\"><button>Sign out</button></form>";
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    GitOpsWriter gitops;

    @Autowired
    MovableClock clock;

    /** Every answer the browser got in a test, to look for the token in. */
    private final List<HttpResponse<String>> answers = new ArrayList<>();

    @BeforeEach
    void gitHubAndTwoApps() {
        github.stubFor(get(urlPathEqualTo("/login/oauth/authorize"))
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader(
                                "Location",
                                "{{request.query.redirect_uri}}?code=" + CODE + "&state={{request.query.state}}")
                        .withTransformers("response-template")));
        github.stubFor(post(urlEqualTo("/login/oauth/access_token"))
                .willReturn(GitHubStandIn.fixture(200, "oauth-access-token.json")));
        github.stubFor(get(urlEqualTo("/user"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(okJson(GitHubStandIn.user(LOGIN))));
        // two installations on two pages; the second's repositories on two pages, names as GitHub spells them
        String next = gitHub() + "/user/installations?per_page=100&page=2";
        github.stubFor(get(urlEqualTo("/user/installations?per_page=100"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(okJson(GitHubStandIn.userInstallations(11))
                        .withHeader("Link", "<" + next + ">; rel=\"next\", <" + next + ">; rel=\"last\"")));
        github.stubFor(get(urlEqualTo("/user/installations?per_page=100&page=2"))
                .willReturn(okJson(GitHubStandIn.userInstallations(22))));
        github.stubFor(get(urlEqualTo("/user/installations/11/repositories?per_page=100"))
                .willReturn(okJson(GitHubStandIn.userRepositories("acme/other"))));
        String secondPage = gitHub() + "/user/installations/22/repositories?per_page=100&page=2";
        github.stubFor(get(urlEqualTo("/user/installations/22/repositories?per_page=100"))
                .willReturn(okJson(GitHubStandIn.userRepositories("acme/tools"))
                        .withHeader("Link", "<" + secondPage + ">; rel=\"next\"")));
        github.stubFor(get(urlEqualTo("/user/installations/22/repositories?per_page=100&page=2"))
                .willReturn(okJson(GitHubStandIn.userRepositories("Acme/Hello"))));

        if (gitops.environments().isEmpty()) {
            deploy("hello", "acme/hello", 1);
            deploy("secret", "acme/secret", 2);
        }
    }

    @Test
    void signsInThroughGitHubAndSeesOnlyTheAppsOfTheRepositoriesTheyCanRead() throws Exception {
        Browser browser = new Browser();

        HttpResponse<String> page = keep(browser.get(bot("/")));
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(Browser.location(page)).isEqualTo(URI.create(bot("/oauth2/authorization/github")));

        HttpResponse<String> toGitHub = keep(browser.follow(page));
        assertThat(toGitHub.statusCode()).isEqualTo(302);
        URI authorize = Browser.location(toGitHub);
        assertThat(authorize.toString()).startsWith(gitHub() + "/login/oauth/authorize?");
        Map<String, String> asked = Browser.query(authorize);
        assertThat(asked)
                .containsEntry("response_type", "code")
                .containsEntry("client_id", CLIENT_ID)
                .containsEntry("redirect_uri", bot("/login/oauth2/code/github"))
                .containsKey("state");

        HttpResponse<String> fromGitHub = browser.follow(toGitHub); // GitHub: the person says yes
        URI callback = Browser.location(fromGitHub);
        assertThat(Browser.query(callback)).containsEntry("code", CODE).containsEntry("state", asked.get("state"));
        HttpResponse<String> signedIn = keep(browser.get(callback.toString()));

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(Browser.location(signedIn).getPath()).isEqualTo("/"); // back to the page first asked for
        github.verify(postRequestedFor(urlEqualTo("/login/oauth/access_token"))
                .withRequestBody(containing("grant_type=authorization_code"))
                .withRequestBody(containing("code=" + CODE))
                .withRequestBody(containing("client_id=" + CLIENT_ID))
                .withRequestBody(containing("client_secret=" + CLIENT_SECRET)));
        github.verify(getRequestedFor(urlEqualTo("/user")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));

        HttpResponse<String> apps = keep(browser.get(bot("/api/apps")));
        assertThat(apps.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(apps.body()).path("apps").findValuesAsString("app"))
                .containsExactly("hello");
        github.verify(getRequestedFor(urlEqualTo("/user/installations?per_page=100"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
        github.verify(getRequestedFor(urlEqualTo("/user/installations/22/repositories?per_page=100&page=2"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));

        assertThat(keep(browser.get(bot("/api/apps/hello"))).statusCode()).isEqualTo(200);
        // signed in, a person far from the bot's host (here through a proxy) is let in: no loopback-only rule
        assertThat(keep(browser.get(bot("/api/apps"), "X-Forwarded-For", "203.0.113.7"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(keep(browser.get(bot("/api/apps/hello/staging/history"))).statusCode())
                .isEqualTo(200);
    }

    @Test
    void anAppOfARepositoryTheyCannotReadIsAnsweredAsAnAppThatDoesNotExist() {
        Browser browser = signedIn();

        HttpResponse<String> hidden = keep(browser.get(bot("/api/apps/secret")));
        HttpResponse<String> missing = keep(browser.get(bot("/api/apps/nosuch")));
        HttpResponse<String> hiddenHistory = keep(browser.get(bot("/api/apps/secret/staging/history")));
        HttpResponse<String> missingHistory = keep(browser.get(bot("/api/apps/nosuch/staging/history")));

        assertThat(hidden.statusCode()).isEqualTo(404).isEqualTo(missing.statusCode());
        assertThat(hidden.body()).isEqualTo(missing.body().replace("nosuch", "secret"));
        assertThat(hiddenHistory.statusCode()).isEqualTo(404).isEqualTo(missingHistory.statusCode());
        assertThat(hiddenHistory.body()).isEqualTo(missingHistory.body().replace("nosuch", "secret"));
        assertThat(hidden.body() + hiddenHistory.body()).doesNotContain("acme/secret");
    }

    @Test
    void seesOnlyTheDeliveriesOfTheRepositoriesTheyCanRead() throws Exception {
        WebhookClient webhook = new WebhookClient(port, WEBHOOK_SECRET);
        for (String repo : List.of("acme/hello", "acme/secret")) {
            byte[] body = Payloads.load("issue_comment", "deleted")
                    .set("/repository/full_name", repo)
                    .bytes();
            assertThat(webhook.deliver("issue_comment", body).statusCode()).isEqualTo(202);
        }
        Browser browser = signedIn();

        HttpResponse<String> deliveries = keep(browser.get(bot("/api/deliveries")));

        assertThat(deliveries.statusCode()).isEqualTo(200);
        JsonNode listed = JSON.readTree(deliveries.body()).path("deliveries");
        assertThat(listed.findValuesAsString("repo")).isNotEmpty().allMatch("acme/hello"::equals);
        assertThat(deliveries.body()).doesNotContain("acme/secret");
    }

    @Test
    void aCallbackWhoseStateIsNotTheOneSentIsRefused() {
        Browser browser = new Browser();
        URI authorize = Browser.location(browser.get(bot("/oauth2/authorization/github")));
        String state = Browser.query(authorize).get("state");

        HttpResponse<String> forged =
                keep(browser.get(bot("/login/oauth2/code/github?code=" + CODE + "&state=forged")));
        HttpResponse<String> elsewhere =
                keep(new Browser().get(bot("/login/oauth2/code/github?code=" + CODE + "&state=" + state)));

        for (HttpResponse<String> refused : List.of(forged, elsewhere)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body())
                    .startsWith("Signing in with GitHub did not complete: GitHub's answer does not belong to a"
                            + " sign-in started in this browser")
                    .contains("Start again at /oauth2/authorization/github");
        }
        github.verify(0, postRequestedFor(urlEqualTo("/login/oauth/access_token")));
        assertThat(browser.get(bot("/api/apps")).statusCode()).isEqualTo(401);
    }

    @Test
    void anApiClientThatHasNotSignedInGets401AsJsonSayingWhereToSignInAndNoSession() throws Exception {
        for (String path :
                List.of("/api/apps", "/api/apps/hello", "/api/apps/hello/staging/history", "/api/deliveries")) {
            HttpResponse<String> answer = new Browser().get(bot(path));

            assertThat(answer.statusCode()).as(path).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(JSON.readTree(answer.body()).path("error").asString())
                    .contains("sign in with GitHub at /oauth2/authorization/github");
            assertThat(answer.headers().firstValue("Location")).isEmpty();
            assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void aBrowserThatHasNotSignedInIsSentToSignInForEveryPageEvenFromLoopback() {
        for (String path : List.of("/", "/apps/hello", "/favicon.ico")) {
            HttpResponse<String> answer = new Browser().get(bot(path));

            assertThat(answer.statusCode()).as(path).isEqualTo(302);
            assertThat(Browser.location(answer)).isEqualTo(URI.create(bot("/oauth2/authorization/github")));
        }
        // judged by the path the server serves, not the one the request spells: refused, not the actuator's
        assertThat(new Browser().get(bot("/actuator/../api/apps")).statusCode()).isIn(400, 401);
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLaxAndSecureWhenTheRequestCameOverHttps() {
        HttpResponse<String> plain = new Browser().get(bot("/oauth2/authorization/github"));
        HttpResponse<String> https =
                new Browser().get(bot("/oauth2/authorization/github"), "X-Forwarded-Proto", "https");

        assertThat(Browser.setCookies(plain, "JSESSIONID")).singleElement().satisfies(cookie -> {
            assertThat(cookie).contains("; HttpOnly").containsIgnoringCase("; SameSite=Lax");
            assertThat(cookie).doesNotContainIgnoringCase("Secure");
        });
        assertThat(Browser.setCookies(https, "JSESSIONID"))
                .singleElement()
                .satisfies(cookie -> assertThat(cookie)
                        .contains("; HttpOnly")
                        .containsIgnoringCase("; SameSite=Lax")
                        .contains("; Secure"));
        // signing in gives the session a new id, in a cookie with the same flags
        Browser browser = new Browser();
        HttpResponse<String> signedIn =
                browser.follow(browser.follow(browser.get(bot("/oauth2/authorization/github"))));
        assertThat(Browser.setCookies(signedIn, "JSESSIONID"))
                .singleElement()
                .satisfies(cookie -> assertThat(cookie).contains("; HttpOnly").containsIgnoringCase("; SameSite=Lax"));
        assertThat(browser.cookie(bot("/"), "JSESSIONID"))
                .hasValueSatisfying(session -> assertThat(
                                Browser.setCookies(plain, "JSESSIONID").getFirst())
                        .doesNotContain(session));
    }

    @Test
    void theFirstRunStandInsFormsCarryTheCsrfTokenBehindSignIn() {
        Browser browser = signedIn();
        String pull = bot("/local-github/example/hello/pull/1");
        HttpResponse<String> page = keep(browser.get(pull));
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as(page.body()).isTrue();

        HttpResponse<String> withoutToken = browser.post(pull + "/comments", "user=alice&body=%2Fhelp");
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        HttpResponse<String> withToken =
                browser.post(pull + "/comments", "user=alice&body=%2Fhelp&_csrf=" + csrf.group(1));
        assertThat(withToken.statusCode()).isEqualTo(303);
    }

    @Test
    void signingOutTakesTheFormsCsrfTokenEndsTheSessionAndGoesToTheStart() {
        Browser browser = signedIn();
        HttpResponse<String> page = keep(browser.get(bot("/signed-in")));
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as(page.body()).isTrue();

        HttpResponse<String> withoutToken = browser.post(bot("/logout"), "");
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(browser.get(bot("/api/apps")).statusCode()).isEqualTo(200);

        HttpResponse<String> out = browser.post(bot("/logout"), "_csrf=" + csrf.group(1));
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(Browser.location(out)).isEqualTo(URI.create(bot("/")));
        assertThat(browser.get(bot("/api/apps")).statusCode()).isEqualTo(401);
    }

    @Test
    void asksGitHubForTheRepositoriesOnceInFiveMinutesPerSession() {
        Browser browser = signedIn();

        for (int i = 0; i < 3; i++) {
            assertThat(browser.get(bot("/api/apps")).statusCode()).isEqualTo(200);
            assertThat(browser.get(bot("/api/deliveries")).statusCode()).isEqualTo(200);
        }
        github.verify(1, getRequestedFor(urlEqualTo("/user/installations?per_page=100")));

        clock.advance(Viewers.FRESH_FOR.minusSeconds(1));
        assertThat(browser.get(bot("/api/apps")).statusCode()).isEqualTo(200);
        github.verify(1, getRequestedFor(urlEqualTo("/user/installations?per_page=100")));

        clock.advance(Duration.ofSeconds(1));
        assertThat(browser.get(bot("/api/apps")).statusCode()).isEqualTo(200);
        github.verify(2, getRequestedFor(urlEqualTo("/user/installations?per_page=100")));

        Browser another = signedIn(); // another session asks for itself
        assertThat(another.get(bot("/api/apps")).statusCode()).isEqualTo(200);
        github.verify(3, getRequestedFor(urlEqualTo("/user/installations?per_page=100")));
    }

    @Test
    void whenGitHubCannotListTheirRepositoriesTheySeeNothingAndAnAnswerSayingSo() throws Exception {
        Browser browser = signedIn();
        github.stubFor(get(urlEqualTo("/user/installations/22/repositories?per_page=100"))
                .willReturn(aResponse().withStatus(502).withBody("{\"message\":\"Server Error\"}")));

        for (String path :
                List.of("/api/apps", "/api/apps/hello", "/api/apps/hello/staging/history", "/api/deliveries")) {
            HttpResponse<String> answer = keep(browser.get(bot(path)));

            assertThat(answer.statusCode()).as(path).isEqualTo(503);
            assertThat(JSON.readTree(answer.body()).path("error").asString())
                    .isEqualTo("GitHub could not say which repositories you can read (listing the repositories mona"
                            + " can read in installation 22: 502 Server Error), so nothing is shown; try again in a"
                            + " minute");
        }

        github.stubFor(get(urlEqualTo("/user/installations/22/repositories?per_page=100"))
                .willReturn(okJson(GitHubStandIn.userRepositories("acme/hello"))));
        assertThat(browser.get(bot("/api/apps")).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenGitHubNoLongerTakesAfterItsEightHoursMeansSigningInAgain() throws Exception {
        Browser browser = signedIn();
        assertThat(browser.get(bot("/api/apps")).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofHours(8).plusMinutes(1));
        github.stubFor(get(urlEqualTo("/user/installations?per_page=100"))
                .willReturn(GitHubStandIn.fixture(401, "error-bad-credentials.json")));

        HttpResponse<String> answer = keep(browser.get(bot("/api/apps")));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(answer.body()).path("error").asString())
                .isEqualTo("your GitHub sign-in has expired or was revoked: sign in again with GitHub at"
                        + " /oauth2/authorization/github (in a browser), then call /api with the session cookie that"
                        + " sign-in sets");
        HttpResponse<String> again = browser.get(bot("/api/apps"));
        assertThat(again.statusCode()).isEqualTo(401); // the session is gone: not signed in
        assertThat(JSON.readTree(again.body()).path("error").asString()).startsWith("not signed in");
    }

    @Test
    void theUserTokenReachesNoLogLineAndNoAnswer(CapturedOutput output) {
        Browser browser = signedIn();
        for (String path :
                List.of("/api/apps", "/api/apps/hello", "/api/apps/secret", "/api/deliveries", "/signed-in")) {
            keep(browser.get(bot(path)));
        }
        github.stubFor(get(urlEqualTo("/user/installations?per_page=100"))
                .willReturn(aResponse().withStatus(500).withBody("{\"message\":\"Server Error\"}")));
        clock.advance(Viewers.FRESH_FOR);
        keep(browser.get(bot("/api/apps")));

        assertThat(output.getAll()).contains("Showing mona nothing").doesNotContain(TOKEN, REFRESH_TOKEN, CODE);
        assertThat(answers).isNotEmpty().allSatisfy(answer -> {
            assertThat(answer.body()).doesNotContain(TOKEN, REFRESH_TOKEN);
            assertThat(answer.headers().map().toString()).doesNotContain(TOKEN, REFRESH_TOKEN);
        });
    }

    @Test
    void theWebhookAndTheActuatorAnswerAsWithoutSignIn() throws Exception {
        assertThat(signedIn().get(bot("/api/apps")).statusCode()).isEqualTo(200); // sign-in at work meanwhile
        WebhookClient webhook = new WebhookClient(port, WEBHOOK_SECRET);
        String id = UUID.randomUUID().toString();
        byte[] body = Payloads.commentOnPullRequest(7, "/deploy staging").bytes();

        HttpResponse<String> accepted = webhook.deliver("issue_comment", id, body);
        HttpResponse<String> unsigned = new WebhookClient(port, "not the secret").deliver("issue_comment", body);
        HttpResponse<String> health = webhook.get("/actuator/health");
        HttpResponse<String> metrics = webhook.get("/actuator/prometheus");

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).isEqualTo("{\"delivery\":\"" + id + "\",\"status\":\"queued\"}");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(unsigned.body()).path("error").asString()).doesNotContain("sign in");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asString()).isEqualTo("UP");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("pitapat_deliveries_total").doesNotContain("spring_security");
        for (HttpResponse<String> answer : List.of(accepted, unsigned, health, metrics)) {
            // Spring Security's filters never saw them: no session, no redirect, none of its headers
            assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
            assertThat(answer.headers().firstValue("Location")).isEmpty();
            assertThat(answer.headers().firstValue("X-Frame-Options")).isEmpty();
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).isEmpty();
        }
    }

    /** A browser that has signed in as {@value #LOGIN}. */
    private Browser signedIn() {
        Browser browser = new Browser();
        signIn(browser);
        return browser;
    }

    private void signIn(Browser browser) {
        HttpResponse<String> fromGitHub = browser.follow(browser.get(bot("/oauth2/authorization/github")));
        HttpResponse<String> signedIn = keep(browser.follow(fromGitHub));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        assertThat(Browser.location(signedIn).getPath()).isEqualTo("/");
    }

    private HttpResponse<String> keep(HttpResponse<String> answer) {
        answers.add(answer);
        return answer;
    }

    private String bot(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void deploy(String app, String repo, int deployment) {
        CommitResult result = gitops.commit(new Change(
                new Target(new AppName(app), new EnvName("staging")),
                Map.of("rollout.yaml", ("kind: Rollout\n# " + SHA + "\n").getBytes(StandardCharsets.UTF_8)),
                Action.DEPLOY,
                new SourceRef(repo, new Sha(SHA)),
                new DeploymentId(String.format("d-%012x", deployment)),
                "alice"));
        assertThat(result).isInstanceOf(CommitResult.Committed.class);
    }

    /** GitHub's stand-in, at the loopback address. */
    private static String gitHub() {
        return "http://127.0.0.1:" + github.getPort();
    }
}
