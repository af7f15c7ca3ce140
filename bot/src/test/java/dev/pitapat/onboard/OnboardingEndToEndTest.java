package dev.pitapat.onboard;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.pitapat.testing.GitHubStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.pitapat.config.ConfigResult;
import dev.pitapat.config.DeployOn;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.model.EnvName;
import dev.pitapat.store.DeliveryQueue;
import dev.pitapat.store.DeliveryRecord;
import dev.pitapat.store.DeliveryStatus;
import dev.pitapat.store.OnboardingOffer;
import dev.pitapat.store.OnboardingOffers;
import dev.pitapat.testing.GitHubStandIn;
import dev.pitapat.testing.OctokitExamples;
import dev.pitapat.testing.TestPem;
import dev.pitapat.testing.WebhookClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The onboarding pull request with the whole bot: GitHub's own {@code installation} and {@code
 * installation_repositories} examples ({@code @octokit/webhooks-examples}) delivered signed, GitHub at WireMock with
 * the REST API's paths, bodies and answers, and the in-memory store. Each test uses repositories of its own.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pitapat.github.webhook-secret=" + OnboardingEndToEndTest.SECRET,
            "pitapat.github.app-id=4242",
            "pitapat.github.repo-allowlist=Codertocat/*",
            "pitapat.queue.max-attempts=3",
            "pitapat.queue.backoff=20ms",
            "pitapat.gitops.repo=${java.io.tmpdir}/pitapat-onboarding-test/gitops.git",
            "pitapat.gitops.workdir=${java.io.tmpdir}/pitapat-onboarding-test/work"
        })
class OnboardingEndToEndTest {

    static final String SECRET = "onboarding-secret-0n80a4d";
    /** The installation of GitHub's examples. */
    static final long INSTALLATION = 957387;

    static final String HEAD = "aa218f56b14c9653891f9e74264a383fa43fefbd";
    static final String BRANCH = "pitapat/onboarding";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong IDS = new AtomicLong(700_000_000);

    @RegisterExtension
    static WireMockExtension github = GitHubStandIn.server();

    @DynamicPropertySource
    static void gitHub(DynamicPropertyRegistry registry) {
        registry.add("pitapat.github.api-url", github::baseUrl);
        String pem = TestPem.newAppKey();
        registry.add("pitapat.github.private-key", () -> pem);
    }

    @LocalServerPort
    int port;

    @Autowired
    DeliveryQueue queue;

    @Autowired
    OnboardingOffers offers;

    WebhookClient webhook;

    @BeforeEach
    void stubToken() {
        webhook = new WebhookClient(port, SECRET);
        github.stubFor(post(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens"))
                .willReturn(fixture(201, "installation-token.json")));
    }

    /** A repository of GitHub's stand-in: its id, owner and name, and the path of its API. */
    record Repo(long id, String owner, String name) {
        static Repo named(String name) {
            return new Repo(IDS.incrementAndGet(), "Codertocat", name);
        }

        String fullName() {
            return owner + "/" + name;
        }

        String api() {
            return "/repos/" + fullName();
        }

        /** The repository as an installation event lists it. */
        ObjectNode listed() {
            return JSON.createObjectNode()
                    .put("id", id)
                    .put("node_id", "R_" + id)
                    .put("name", name)
                    .put("full_name", fullName())
                    .put("private", false);
        }
    }

    /**
     * GitHub serves the repository on {@code main} at {@link #HEAD}: with {@code config} as its {@code
     * .github/pitapat.yml} and {@code dockerfile} as its {@code Dockerfile} when present, no pull request from the
     * onboarding branch, and the answers that create the branch, the file and pull request {@code number}.
     */
    void serves(Repo repo, Optional<String> config, Optional<String> dockerfile, int number) {
        ObjectNode repository = (ObjectNode) JSON.readTree(GitHubStandIn.fixtureText("repository.json"));
        repository.put("id", repo.id()).put("name", repo.name()).put("full_name", repo.fullName());
        github.stubFor(get(urlEqualTo(repo.api())).willReturn(okJson(repository.toString())));
        github.stubFor(get(urlEqualTo(repo.api() + "/contents/.github/pitapat.yml?ref=main"))
                .willReturn(config.map(GitHubStandIn::contents).orElseGet(OnboardingEndToEndTest::notFound)));
        github.stubFor(get(urlEqualTo(repo.api() + "/contents/Dockerfile?ref=main"))
                .willReturn(dockerfile.map(GitHubStandIn::contents).orElseGet(OnboardingEndToEndTest::notFound)));
        for (String build : List.of("pom.xml", "build.gradle", "build.gradle.kts")) {
            github.stubFor(get(urlEqualTo(repo.api() + "/contents/" + build + "?ref=main"))
                    .willReturn(notFound()));
        }
        github.stubFor(get(urlEqualTo(pullsFrom(repo))).willReturn(okJson("[]")));
        github.stubFor(get(urlEqualTo(repo.api() + "/git/ref/heads/main")).willReturn(fixture(200, "git-ref.json")));
        github.stubFor(post(urlEqualTo(repo.api() + "/git/refs")).willReturn(fixture(201, "git-ref-created.json")));
        github.stubFor(put(urlEqualTo(repo.api() + "/contents/.github/pitapat.yml"))
                .willReturn(fixture(201, "contents-created.json")));
        github.stubFor(post(urlEqualTo(repo.api() + "/pulls")).willReturn(opened(repo, number)));
    }

    static String pullsFrom(Repo repo) {
        return repo.api() + "/pulls?state=all&head=" + repo.owner() + ":" + BRANCH + "&per_page=100";
    }

    static ResponseDefinitionBuilder opened(Repo repo, int number) {
        return okJson(GitHubStandIn.pullRequest(repo.fullName(), repo.id(), number, BRANCH, "main", "open")
                        .toString())
                .withStatus(201);
    }

    static ResponseDefinitionBuilder notFound() {
        return fixture(404, "error-not-found.json");
    }

    /** GitHub's example of an App installed on these repositories. */
    static byte[] installed(Repo... repos) {
        ObjectNode payload = (ObjectNode)
                OctokitExamples.of("installation", "created").getFirst().deepCopy();
        ArrayNode listed = payload.putArray("repositories");
        for (Repo repo : repos) {
            listed.add(repo.listed());
        }
        return JSON.writeValueAsBytes(payload);
    }

    /** GitHub's example of repositories added to the installation. */
    static byte[] added(Repo... repos) {
        ObjectNode payload = (ObjectNode) OctokitExamples.of("installation_repositories", "added")
                .getFirst()
                .deepCopy();
        ArrayNode listed = payload.putArray("repositories_added");
        for (Repo repo : repos) {
            listed.add(repo.listed());
        }
        return JSON.writeValueAsBytes(payload);
    }

    String deliver(String event, byte[] body) {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> answer = webhook.deliver(event, id, body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return id;
    }

    DeliveryRecord awaitDone(String id) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> queue.record(id)
                                .filter(r -> r.status() == DeliveryStatus.DONE || r.status() == DeliveryStatus.FAILED)
                                .orElse(null),
                        r -> r != null && r.status() == DeliveryStatus.DONE);
    }

    /** The requests GitHub got with this method on this exact path (no query), in order. */
    static List<ServeEvent> requests(String method, String path) {
        return github.getAllServeEvents().reversed().stream()
                .filter(e -> e.getRequest().getMethod().getName().equals(method)
                        && e.getRequest().getUrl().equals(path))
                .toList();
    }

    /** The requests GitHub got after it had got {@code before}, oldest first. */
    static List<ServeEvent> since(int before) {
        List<ServeEvent> all = github.getAllServeEvents().reversed();
        return all.subList(before, all.size());
    }

    /** The requests that change anything in the repository: a branch, a file, a pull request. */
    static List<ServeEvent> writes(Repo repo) {
        return github.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith(repo.api() + "/"))
                .filter(e -> !e.getRequest().getMethod().getName().equals("GET"))
                .toList();
    }

    static JsonNode body(ServeEvent event) {
        return JSON.readTree(event.getRequest().getBodyAsString());
    }

    static MappingBuilder inTurn(MappingBuilder stub, String scenario, String state, String next) {
        return stub.inScenario(scenario).whenScenarioStateIs(state).willSetStateTo(next);
    }

    @Test
    void aNewInstallationGetsOnePullRequestOnlyInTheRepositoryWithoutAConfig() {
        Repo configured = Repo.named("Hello-World");
        Repo bare = Repo.named("Space");
        serves(configured, Optional.of("app: hello\n"), Optional.empty(), 1);
        serves(bare, Optional.empty(), Optional.of("FROM node:20\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]\n"), 7);

        awaitDone(deliver("installation", installed(configured, bare)));

        assertThat(writes(configured)).isEmpty();
        List<ServeEvent> refs = requests("POST", bare.api() + "/git/refs");
        assertThat(refs).hasSize(1);
        assertThat(body(refs.getFirst()))
                .isEqualTo(JSON.createObjectNode()
                        .put("ref", "refs/heads/" + BRANCH)
                        .put("sha", HEAD));
        List<ServeEvent> files = requests("PUT", bare.api() + "/contents/.github/pitapat.yml");
        assertThat(files).hasSize(1);
        JsonNode file = body(files.getFirst());
        assertThat(file.path("branch").asString()).isEqualTo(BRANCH);
        assertThat(file.path("message").asString())
                .isEqualTo("Add .github/pitapat.yml: how pitapat deploys this repository");
        String yaml = new String(Base64.getDecoder().decode(file.path("content").asString()), StandardCharsets.UTF_8);
        ConfigResult read = RepoConfigs.resolve(bare.owner(), bare.name(), Optional.of(yaml));
        assertThat(read).isInstanceOf(ConfigResult.Valid.class);
        RepoConfig config = ((ConfigResult.Valid) read).config();
        assertThat(config.app().value()).isEqualTo("space");
        assertThat(config.port()).isEqualTo(3000);
        assertThat(config.healthPath()).isEqualTo("/");
        assertThat(config.environments().get(new EnvName("staging")).deployOn()).contains(DeployOn.PUSH);
        assertThat(yaml).contains("# The port the container listens on, as the Dockerfile's EXPOSE says.\nport: 3000");
        List<ServeEvent> pulls = requests("POST", bare.api() + "/pulls");
        assertThat(pulls).hasSize(1);
        JsonNode pr = body(pulls.getFirst());
        assertThat(pr.path("title").asString()).isEqualTo("Deploy with pitapat: add .github/pitapat.yml");
        assertThat(pr.path("head").asString()).isEqualTo(BRANCH);
        assertThat(pr.path("base").asString()).isEqualTo("main");
        assertThat(pr.path("body").asString())
                .startsWith("<!-- pitapat:onboarding -->")
                .contains("**pitapat** deploys this repository to Kubernetes")
                .contains("- port `3000`, from the `EXPOSE` in the `Dockerfile`")
                .contains("comment `/deploy staging` on a pull request");
        assertThat(offers.offered(bare.id()))
                .hasValueSatisfying(o -> assertThat(o.pullRequest()).isEqualTo(7));
        assertThat(offers.offered(configured.id())).isEmpty();
    }

    @Test
    void theSameInstallationDeliveredAgainOpensNoSecondPullRequest() {
        Repo repo = Repo.named("Redelivered");
        serves(repo, Optional.empty(), Optional.empty(), 3);
        String first = deliver("installation", installed(repo));
        awaitDone(first);
        assertThat(requests("POST", repo.api() + "/pulls")).hasSize(1);

        int before = github.getAllServeEvents().size();

        HttpResponse<String> same = webhook.deliver("installation", first, installed(repo));
        String again = deliver("installation", installed(repo)); // redelivered as a new delivery
        awaitDone(again);

        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.body()).contains("\"status\":\"duplicate\"");
        assertThat(writes(repo)).hasSize(3); // the branch, the file and the pull request of the first delivery
        assertThat(requests("POST", repo.api() + "/pulls")).hasSize(1);
        assertThat(since(before)).noneMatch(e -> e.getRequest().getUrl().startsWith(repo.api())); // the record said
    }

    @Test
    void aRepositoryAddedToTheInstallationLaterGetsItsPullRequest() {
        Repo first = Repo.named("First");
        Repo later = Repo.named("Later");
        serves(first, Optional.of("app: first\n"), Optional.empty(), 1);
        serves(later, Optional.empty(), Optional.of("FROM nginx\nEXPOSE 8080/tcp 9090\n"), 11);
        awaitDone(deliver("installation", installed(first)));
        assertThat(writes(later)).isEmpty();

        awaitDone(deliver("installation_repositories", added(later)));

        assertThat(requests("POST", later.api() + "/pulls")).hasSize(1);
        assertThat(writes(first)).isEmpty();
        assertThat(offers.offered(later.id()))
                .hasValueSatisfying(o -> assertThat(o.pullRequest()).isEqualTo(11));
    }

    @Test
    void aPullRequestClosedUnmergedIsNotOpenedAgainWhenTheAppIsInstalledAgain() {
        Repo repo = Repo.named("Declined");
        serves(repo, Optional.empty(), Optional.empty(), 5);
        awaitDone(deliver("installation", installed(repo)));
        // the owner closes it unmerged: the file is still missing on main, the pull request closed
        github.stubFor(get(urlEqualTo(pullsFrom(repo)))
                .willReturn(okJson(GitHubStandIn.pullRequests(
                        GitHubStandIn.pullRequest(repo.fullName(), repo.id(), 5, BRANCH, "main", "closed")))));
        int before = github.getAllServeEvents().size();

        awaitDone(deliver("installation", installed(repo)));
        awaitDone(deliver("installation_repositories", added(repo)));

        assertThat(writes(repo)).hasSize(3);
        assertThat(since(before)).noneMatch(e -> e.getRequest().getUrl().startsWith(repo.api()));
    }

    @Test
    void aPullRequestFromTheBranchOnGitHubCountsAsOfferedWhenTheStoreHasNoRecord() {
        Repo repo = Repo.named("Remembered-By-GitHub");
        serves(repo, Optional.empty(), Optional.empty(), 99);
        github.stubFor(get(urlEqualTo(pullsFrom(repo)))
                .willReturn(okJson(GitHubStandIn.pullRequests(
                        GitHubStandIn.pullRequest(repo.fullName(), repo.id(), 4, BRANCH, "main", "closed")))));

        awaitDone(deliver("installation_repositories", added(repo)));

        assertThat(writes(repo)).isEmpty();
        assertThat(offers.offered(repo.id()))
                .hasValueSatisfying(o -> assertThat(o.pullRequest()).isEqualTo(4));
    }

    @Test
    void aBranchThatExistsWithAPullRequestIsTakenAsOfferedWithoutAFailure() {
        Repo repo = Repo.named("Raced");
        serves(repo, Optional.empty(), Optional.empty(), 99);
        // another replica opened it between this one's look and its branch
        github.stubFor(inTurn(get(urlEqualTo(pullsFrom(repo))), "raced", Scenario.STARTED, "looked")
                .willReturn(okJson("[]")));
        github.stubFor(inTurn(get(urlEqualTo(pullsFrom(repo))), "raced", "looked", "looked")
                .willReturn(okJson(GitHubStandIn.pullRequests(
                        GitHubStandIn.pullRequest(repo.fullName(), repo.id(), 21, BRANCH, "main", "open")))));
        github.stubFor(
                post(urlEqualTo(repo.api() + "/git/refs")).willReturn(fixture(422, "error-reference-exists.json")));
        github.stubFor(get(urlEqualTo(repo.api() + "/git/ref/heads/" + BRANCH))
                .willReturn(fixture(200, "git-ref-created.json")));

        DeliveryRecord record = awaitDone(deliver("installation_repositories", added(repo)));

        assertThat(record.attempts()).isZero();
        assertThat(requests("POST", repo.api() + "/git/refs")).hasSize(1);
        assertThat(requests("PUT", repo.api() + "/contents/.github/pitapat.yml"))
                .isEmpty();
        assertThat(requests("POST", repo.api() + "/pulls")).isEmpty();
        assertThat(offers.offered(repo.id()))
                .hasValueSatisfying(o -> assertThat(o.pullRequest()).isEqualTo(21));
    }

    @Test
    void aServerErrorOpeningThePullRequestIsRetriedByTheDeliveryAndOpensExactlyOne() {
        Repo repo = Repo.named("Flaky");
        serves(repo, Optional.empty(), Optional.empty(), 99);
        // GitHub fails the pull request on every attempt of the first delivery attempt (4 requests), then opens it
        String state = Scenario.STARTED;
        for (int i = 1; i <= 4; i++) {
            github.stubFor(inTurn(post(urlEqualTo(repo.api() + "/pulls")), "flaky", state, "failed " + i)
                    .willReturn(fixture(502, "error-server-error.json")));
            state = "failed " + i;
        }
        github.stubFor(inTurn(post(urlEqualTo(repo.api() + "/pulls")), "flaky", state, "opened")
                .willReturn(opened(repo, 31)));
        // the first attempt's branch and file are there when the delivery is tried again
        github.stubFor(inTurn(post(urlEqualTo(repo.api() + "/git/refs")), "branch", Scenario.STARTED, "made")
                .willReturn(fixture(201, "git-ref-created.json")));
        github.stubFor(inTurn(post(urlEqualTo(repo.api() + "/git/refs")), "branch", "made", "made")
                .willReturn(fixture(422, "error-reference-exists.json")));
        github.stubFor(get(urlEqualTo(repo.api() + "/git/ref/heads/" + BRANCH))
                .willReturn(fixture(200, "git-ref-created.json")));
        github.stubFor(
                inTurn(put(urlEqualTo(repo.api() + "/contents/.github/pitapat.yml")), "file", Scenario.STARTED, "made")
                        .willReturn(fixture(201, "contents-created.json")));
        github.stubFor(inTurn(put(urlEqualTo(repo.api() + "/contents/.github/pitapat.yml")), "file", "made", "made")
                .willReturn(fixture(422, "error-sha-not-supplied.json")));
        github.stubFor(get(urlEqualTo(repo.api() + "/contents/.github/pitapat.yml?ref=" + BRANCH))
                .willReturn(GitHubStandIn.contents("app: flaky\n")));

        DeliveryRecord record = awaitDone(deliver("installation_repositories", added(repo)));

        assertThat(record.attempts()).isEqualTo(1);
        List<ServeEvent> pulls = requests("POST", repo.api() + "/pulls");
        assertThat(pulls).extracting(e -> e.getResponse().getStatus()).containsExactly(502, 502, 502, 502, 201);
        assertThat(requests("PUT", repo.api() + "/contents/.github/pitapat.yml"))
                .extracting(e -> e.getResponse().getStatus())
                .containsExactly(201, 422);
        assertThat(offers.offered(repo.id()))
                .hasValueSatisfying(o -> assertThat(o.pullRequest()).isEqualTo(31));
    }

    @Test
    void aPullRequestGitHubOpenedDespiteAServerErrorIsFoundNotOpenedAgain() {
        Repo repo = Repo.named("Opened-Anyway");
        serves(repo, Optional.empty(), Optional.empty(), 99);
        github.stubFor(inTurn(post(urlEqualTo(repo.api() + "/pulls")), "lost answer", Scenario.STARTED, "sent")
                .willReturn(fixture(502, "error-server-error.json")));
        github.stubFor(inTurn(post(urlEqualTo(repo.api() + "/pulls")), "lost answer", "sent", "sent")
                .willReturn(fixture(422, "error-pull-request-exists.json")));
        github.stubFor(inTurn(get(urlEqualTo(pullsFrom(repo))), "listed", Scenario.STARTED, "opened")
                .willReturn(okJson("[]")));
        github.stubFor(inTurn(get(urlEqualTo(pullsFrom(repo))), "listed", "opened", "opened")
                .willReturn(okJson(GitHubStandIn.pullRequests(
                        GitHubStandIn.pullRequest(repo.fullName(), repo.id(), 41, BRANCH, "main", "open")))));

        DeliveryRecord record = awaitDone(deliver("installation_repositories", added(repo)));

        assertThat(record.attempts()).isZero();
        assertThat(requests("POST", repo.api() + "/pulls"))
                .extracting(e -> e.getResponse().getStatus())
                .containsExactly(502, 422);
        assertThat(offers.offered(repo.id()))
                .hasValueSatisfying(o -> assertThat(o.pullRequest()).isEqualTo(41));
    }

    @Test
    void anEmptyRepositoryGetsNothingAndNoFailure() {
        Repo repo = Repo.named("Empty");
        serves(repo, Optional.empty(), Optional.empty(), 99);
        github.stubFor(get(urlEqualTo(repo.api() + "/git/ref/heads/main"))
                .willReturn(fixture(409, "error-git-repository-empty.json")));

        DeliveryRecord record = awaitDone(deliver("installation_repositories", added(repo)));

        assertThat(record.attempts()).isZero();
        assertThat(writes(repo)).isEmpty();
        assertThat(offers.offered(repo.id())).isEmpty();
    }

    @Test
    void aRepositoryOutsideTheAllowlistIsNotAskedAbout() {
        Repo inside = Repo.named("Inside");
        Repo outside = new Repo(IDS.incrementAndGet(), "octo-org", "Outside");
        serves(inside, Optional.empty(), Optional.empty(), 2);
        serves(outside, Optional.empty(), Optional.empty(), 2);

        awaitDone(deliver("installation_repositories", added(outside, inside)));

        assertThat(github.getAllServeEvents())
                .noneMatch(e -> e.getRequest().getUrl().startsWith("/repos/octo-org/"));
        assertThat(requests("POST", inside.api() + "/pulls")).hasSize(1);
        assertThat(offers.offered(outside.id())).isEmpty();
    }

    /** The store keeps what it was given: the offer says which repository and pull request, and when. */
    @Test
    void theRecordNamesTheRepositoryAndThePullRequest() {
        Repo repo = Repo.named("Recorded");
        serves(repo, Optional.empty(), Optional.empty(), 8);

        awaitDone(deliver("installation", installed(repo)));

        assertThat(offers.offered(repo.id())).hasValueSatisfying(offer -> {
            assertThat(offer)
                    .extracting(OnboardingOffer::repo, OnboardingOffer::pullRequest)
                    .containsExactly(repo.fullName(), 8);
            assertThat(offer.offeredAt()).isNotNull();
        });
    }
}
