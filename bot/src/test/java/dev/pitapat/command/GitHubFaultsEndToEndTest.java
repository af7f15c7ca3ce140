package dev.pitapat.command;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pitapat.store.DeliveryRecord;
import dev.pitapat.store.DeliveryStatus;
import dev.pitapat.testing.GitHubStandIn;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * GitHub's faults with the whole bot: signed webhooks, GitHub at WireMock answering rate limits, {@code 422} and
 * {@code 5xx}, and a real GitOps repository. A rate limit defers the delivery to the time GitHub named without
 * counting an attempt (one attempt is all this bot allows), and nothing is sent with the installation's token
 * before that time, asserted from WireMock's journal; a report GitHub refuses neither stops nor repeats the deploy.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pitapat.github.webhook-secret=" + GitHubFaultsEndToEndTest.SECRET,
            "pitapat.github.app-id=4242",
            "pitapat.github.rate-limit-wait=0s", // every rate limit reaches the delivery workers
            "pitapat.queue.max-attempts=1",
            "pitapat.queue.backoff=20ms",
            "pitapat.deploy.line-poll=20ms"
        })
class GitHubFaultsEndToEndTest extends CommandsEndToEnd {

    static final String SECRET = "faults-secret-5ca1ab1e";
    static final java.nio.file.Path GITOPS =
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "pitapat-faults-" + UUID.randomUUID());
    static final String TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
    static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    static final String PERMISSION = REPO + "/collaborators/Codertocat/permission";
    /** A commenter no other test asks about, so that no answer of theirs is remembered from before. */
    static final String LIMITED = REPO + "/collaborators/octolimit/permission";

    static final String CHECK_RUNS = REPO + "/check-runs";
    static final String POLICY = """
            app: faults
            environments:
              staging: {}
              refused: {}
              broken: {}
              limited: {}
              gated: { requires: [approved, checks-passed] }
              waited: {}
            """;

    @DynamicPropertySource
    static void gitHub(DynamicPropertyRegistry registry) throws Exception {
        register(registry, GITOPS);
    }

    @Autowired
    MeterRegistry meters;

    @Autowired
    dev.pitapat.store.EnvironmentLocks locks;

    GitHubFaultsEndToEndTest() {
        super(SECRET, GITOPS, POLICY);
    }

    @AfterEach
    void everyDeployEnded() {
        awaitDeploysDone();
    }

    @Test
    void aRateLimitedDeliveryIsHandledOnceAtTheTimeGitHubNamedAndNothingIsSentBefore() throws Exception {
        github.stubFor(get(urlEqualTo(LIMITED))
                .atPriority(1)
                .inScenario("limit")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(403, "error-secondary-rate-limit.json").withHeader("Retry-After", "2"))
                .willSetStateTo("passed"));
        github.stubFor(get(urlEqualTo(LIMITED))
                .atPriority(1)
                .inScenario("limit")
                .whenScenarioStateIs("passed")
                .willReturn(json(200, "collaborator-permission-write.json")));
        double limitsBefore = calls("permission", "403");

        String deploy = deliverAs("/deploy staging", "octolimit");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> calls("permission", "403") > limitsBefore); // the bot knows the limit
        List<String> helps = new ArrayList<>();
        for (int i = 1; i <= 5; i++) { // five other commenters, so that each asks GitHub for its own permission
            permission("helper" + i, "write");
            helps.add(deliverAs("/help", "helper" + i));
        }

        awaitDone(deploy);
        awaitFinished(deploy, 1);
        helps.forEach(this::awaitDone);

        LoggedRequest limit = limitAnswer();
        Instant passed = limit.getLoggedDate().toInstant().plusSeconds(2);
        assertThat(withTheToken())
                .filteredOn(request -> request.getLoggedDate().after(limit.getLoggedDate()))
                .isNotEmpty()
                .allSatisfy(request -> assertThat(request.getLoggedDate().toInstant())
                        .as("%s %s sent while the limit held", request.getMethod(), request.getUrl())
                        .isAfterOrEqualTo(passed));
        for (String id : concat(deploy, helps)) {
            DeliveryRecord record = queue.record(id).orElseThrow();
            assertThat(record.status()).isEqualTo(DeliveryStatus.DONE);
            assertThat(record.attempts()).as("failed attempts of " + id).isZero();
        }
        assertThat(commitsTo("staging")).isEqualTo(1);
        assertThat(replies()).hasSize(helps.size()); // one answer to each /help, none to the deploy
    }

    @Test
    void aDeployCommitsOnceAndReportsTheRestWhenGitHubRefusesItsCheckRun() throws Exception {
        github.stubFor(
                post(urlEqualTo(CHECK_RUNS)).atPriority(1).willReturn(json(422, "error-validation-failed.json")));
        int mark = mark();

        String sticky = deployed("/deploy refused", "refused");

        assertThat(sticky).contains("deployed `6dcb09b` to `refused`");
        assertThat(commitsTo("refused")).isEqualTo(1);
        List<String> told = callsSince(mark).stream().map(Call::what).toList();
        assertThat(told)
                .contains("check run queued", "deployment status success", "sticky comment edited", "react rocket");
        github.verify(0, patchRequestedFor(urlPathMatching(CHECK_RUNS + "/[0-9]+")));
        assertThat(onlyDelivery().status()).isEqualTo(DeliveryStatus.DONE);
    }

    @Test
    void aDeployCommitsOnceAndReportsEverythingWhenTheCheckRunsApiFailsWithServerErrors() throws Exception {
        failFirst(CHECK_RUNS, 4, json(500, "error-server-error.json")); // the first report's four attempts
        int mark = mark();

        String sticky = deployed("/deploy broken", "broken");

        assertThat(sticky).contains("deployed `6dcb09b` to `broken`");
        assertThat(commitsTo("broken")).isEqualTo(1);
        assertThat(callsSince(mark).stream().map(Call::what))
                .contains(
                        "check run in_progress",
                        "check run completed neutral",
                        "deployment status success",
                        "sticky comment edited",
                        "react rocket");
        assertThat(onlyDelivery().status()).isEqualTo(DeliveryStatus.DONE);
    }

    @Test
    void aRateLimitMetByTheReportsNeitherStopsNorRepeatsTheDeploy() throws Exception {
        failFirst(CHECK_RUNS, 1, json(403, "error-secondary-rate-limit.json").withHeader("Retry-After", "1"));

        String id = deliverAs("/deploy limited\n/help", "Codertocat");
        awaitDone(id); // its reply waited for the limit: the delivery was handled again, its deploy not
        awaitFinished(id, 1);

        LoggedRequest limit = limitAnswer();
        assertThat(withTheToken())
                .filteredOn(request -> request.getLoggedDate().after(limit.getLoggedDate()))
                .allSatisfy(request -> assertThat(request.getLoggedDate().toInstant())
                        .isAfterOrEqualTo(limit.getLoggedDate().toInstant().plusSeconds(1)));
        assertThat(commitsTo("limited")).isEqualTo(1);
        assertThat(replies()).hasSize(1);
        assertThat(unescaped(replies().getFirst().getBodyAsString())).contains("Environments of `faults`");
        assertThat(queue.record(id).orElseThrow().attempts()).isZero();
    }

    @Test
    void aRateLimitOnTheRequiredReviewsIsWaitedOutNotTakenForARefusal() throws Exception {
        String reviews = REPO + "/pulls/7/reviews?per_page=100&page=1";
        github.stubFor(get(urlEqualTo(reviews))
                .inScenario("reviews")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(429, "error-secondary-rate-limit.json").withHeader("Retry-After", "1"))
                .willSetStateTo("passed"));
        github.stubFor(get(urlEqualTo(reviews))
                .inScenario("reviews")
                .whenScenarioStateIs("passed")
                .willReturn(json(200, "pull-request-reviews.json")));
        github.stubFor(get(urlEqualTo(REPO + "/commits/" + HEAD + "/check-runs?per_page=100&page=1"))
                .willReturn(json(200, "check-runs-for-ref.json")));
        github.stubFor(get(urlEqualTo(REPO + "/commits/" + HEAD + "/status?per_page=100"))
                .willReturn(json(200, "combined-status.json")));

        assertThat(deployed("/deploy gated", "gated")).contains("deployed `6dcb09b` to `gated`");
        assertThat(commitsTo("gated")).isEqualTo(1);
    }

    @Test
    void aRateLimitOnTheRequestersPermissionAtTheTurnIsWaitedOutNotTakenForARefusal() throws Exception {
        var target = new dev.pitapat.model.Target(
                new dev.pitapat.model.AppName("faults"), new dev.pitapat.model.EnvName("waited"));
        var before = locks.tryAcquire(target, "d-0000000da1a0", Duration.ofMinutes(5))
                .orElseThrow();
        String id = deliverAs("/deploy waited", "Codertocat");
        awaitDone(id); // accepted, waiting behind the deploy holding the environment: asked again at its turn
        github.stubFor(get(urlEqualTo(PERMISSION))
                .atPriority(1)
                .inScenario("permission")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(403, "error-secondary-rate-limit.json").withHeader("Retry-After", "1"))
                .willSetStateTo("passed"));
        github.stubFor(get(urlEqualTo(PERMISSION))
                .atPriority(1)
                .inScenario("permission")
                .whenScenarioStateIs("passed")
                .willReturn(json(200, "collaborator-permission-write.json")));

        locks.release(before);
        awaitFinished(id, 1);

        assertThat(sticky("waited")).contains("deployed `6dcb09b` to `waited`");
        assertThat(commitsTo("waited")).isEqualTo(1);
    }

    /** The first {@code times} POSTs to {@code path} get {@code answer}; the later ones what GitHub answers. */
    private static void failFirst(String path, int times, ResponseDefinitionBuilder answer) {
        String state = Scenario.STARTED;
        for (int i = 1; i <= times; i++) {
            github.stubFor(post(urlEqualTo(path))
                    .atPriority(1)
                    .inScenario("fault")
                    .whenScenarioStateIs(state)
                    .willReturn(answer)
                    .willSetStateTo("failed " + i));
            state = "failed " + i;
        }
        github.stubFor(post(urlEqualTo(path))
                .atPriority(1)
                .inScenario("fault")
                .whenScenarioStateIs(state)
                .willReturn(GitHubStandIn.withNewId(201, "check-run.json")));
    }

    /** The first answer GitHub gave with a rate limit. */
    private static LoggedRequest limitAnswer() {
        return github.getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() == 403)
                .map(ServeEvent::getRequest)
                .min(Comparator.comparing(LoggedRequest::getLoggedDate))
                .orElseThrow();
    }

    /** Every request sent with the installation's token. */
    private static List<LoggedRequest> withTheToken() {
        return github.findAll(anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    private DeliveryRecord onlyDelivery() {
        List<DeliveryRecord> recent = queue.recent(1);
        assertThat(recent).hasSize(1);
        return recent.getFirst();
    }

    private double calls(String operation, String status) {
        Counter counter = meters.find("pitapat.github.api.calls")
                .tag("operation", operation)
                .tag("status", status)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** GitOps commits that deployed to the environment. */
    private int commitsTo(String env) throws IOException {
        try (var repository = bareRepository();
                var walk = new org.eclipse.jgit.revwalk.RevWalk(repository)) {
            var head = repository.resolve("refs/heads/main");
            if (head == null) {
                return 0;
            }
            walk.markStart(walk.parseCommit(head));
            int count = 0;
            for (var commit : walk) {
                if (commit.getFullMessage().contains("Pitapat-Environment: " + env + "\n")
                        || commit.getFullMessage().endsWith("Pitapat-Environment: " + env)) {
                    count++;
                }
            }
            return count;
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
