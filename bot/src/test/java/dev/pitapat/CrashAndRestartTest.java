package dev.pitapat;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.pitapat.kube.FakeArgo;
import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import dev.pitapat.testing.BotJvm;
import dev.pitapat.testing.GitHttpServer;
import dev.pitapat.testing.GitHubStandIn;
import dev.pitapat.testing.Payloads;
import dev.pitapat.testing.RedisServer;
import dev.pitapat.testing.TestPem;
import dev.pitapat.testing.WebhookClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot in its own JVM on a real Redis, killed with {@code SIGKILL} at each step of a deploy and started again:
 * the accepted {@code /deploy} runs to its end once, and each of its effects happens at most once: one GitOps
 * commit, one sticky comment, one check run, one Deployment.
 */
class CrashAndRestartTest {

    static final String SECRET = "crash-secret";
    static final String KEY = TestPem.newAppKey();
    static final String REPO = GitHubStandIn.HELLO_WORLD;
    /** The head of recorded pull request #7: what {@code /deploy} deploys. */
    static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    static final String POLICY = GitHubStandIn.HELLO_IN_STAGING;

    @RegisterExtension
    static WireMockExtension github = GitHubStandIn.server();

    @TempDir
    Path tmp;

    private final RedisServer redis = RedisServer.start();
    private final List<BotJvm> bots = new ArrayList<>();

    @AfterEach
    void stop() {
        bots.forEach(BotJvm::close);
        redis.stop();
    }

    /** Killed while GitHub answers the handler's first question: the delivery is taken up again. */
    @Test
    void killedRightAfterTheWebhookWasAccepted() throws Exception {
        GitHubStandIn.servesPullRequest7(github, POLICY);
        github.stubFor(get(urlEqualTo(REPO + "/pulls/7"))
                .willReturn(GitHubStandIn.fixture(200, "pull-request.json").withFixedDelay(4000)));
        try (GitHttpServer gitops = GitHttpServer.start(tmp.resolve("git"), "t0ken")) {
            BotJvm first = bot(gitops);
            String id = deploy(first);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !github.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                                    urlEqualTo(REPO + "/pulls/7")))
                            .isEmpty());
            first.kill();
            github.stubFor(
                    get(urlEqualTo(REPO + "/pulls/7")).willReturn(GitHubStandIn.fixture(200, "pull-request.json")));

            bot(gitops);
            awaitFinished(gitops);
            assertEffectsOnce(gitops, id);
        }
    }

    /** Killed while its push waits in the repository's hook (the commit made in its clone, not on the branch). */
    @Test
    void killedAfterItsLocalCommitBeforeThePushLanded() throws Exception {
        GitHubStandIn.servesPullRequest7(github, POLICY);
        try (GitHttpServer gitops = GitHttpServer.start(tmp.resolve("git"), "t0ken")) {
            BotJvm first = bot(gitops);
            GitHttpServer.PushHold held = gitops.holdNextPush();
            String id = deploy(first);
            held.awaitArrival();
            first.kill();
            gitops.refusePushes("the connection was lost");
            held.release(); // the server drops the push of the dead bot
            await().atMost(Duration.ofSeconds(10)).until(() -> gitops.pushes() >= 1);
            gitops.refusePushes(null);

            bot(gitops);
            awaitFinished(gitops);
            assertEffectsOnce(gitops, id);
        }
    }

    /** Killed after the push landed, while it reports: the restarted bot does not commit again. */
    @Test
    void killedAfterThePushLandedWhileItReports() throws Exception {
        GitHubStandIn.servesPullRequest7(github, POLICY);
        try (GitHttpServer gitops = GitHttpServer.start(tmp.resolve("git"), "t0ken")) {
            BotJvm first = bot(gitops);
            GitHttpServer.PushHold held = gitops.holdNextPush();
            String id = deploy(first);
            held.awaitArrival();
            github.stubFor(patch(urlPathMatching(REPO + "/check-runs/[0-9]+"))
                    .willReturn(GitHubStandIn.fixture(200, "check-run.json").withFixedDelay(4000)));
            held.release(); // the push lands; the reports that follow are slow
            await().atMost(Duration.ofSeconds(10)).until(() -> head(gitops) != null);
            first.kill();
            github.stubFor(patch(urlPathMatching(REPO + "/check-runs/[0-9]+"))
                    .willReturn(GitHubStandIn.fixture(200, "check-run.json")));

            bot(gitops);
            awaitFinished(gitops);
            assertEffectsOnce(gitops, id);
        }
    }

    /**
     * Killed while it follows the committed deploy in the cluster: the bot started again takes the following over
     * (once the dead one's lease lapsed) and reports the rollout's end once.
     */
    @Test
    void killedWhileFollowingTheRollout() throws Exception {
        GitHubStandIn.servesPullRequest7(github, POLICY);
        Target staging = new Target(new AppName("hello"), new EnvName("staging"));
        try (GitHttpServer gitops = GitHttpServer.start(tmp.resolve("git"), "t0ken");
                FakeArgo argo = new FakeArgo()) {
            List<String> cluster = List.of("-Dkubeconfig=" + argo.kubeconfig(tmp));
            BotJvm first = bot(gitops, cluster);
            String id = deploy(first);
            await().atMost(Duration.ofSeconds(30)).until(() -> head(gitops) != null);
            argo.synced(staging, head(gitops));
            argo.rolloutAsksFor(staging, HEAD.substring(0, 7));
            argo.rolloutStatus(staging, "Progressing", false, "5f7c9d", "85b4c1", "", false);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> requests("PATCH", "/check-runs/").stream()
                            .anyMatch(body -> body.contains("waiting for the rollout to become healthy")));
            first.kill();

            bot(gitops, cluster);
            argo.rolloutStatus(staging, "Healthy", false, "85b4c1", "85b4c1", "", false);
            awaitFinished(gitops);
            assertEffectsOnce(gitops, id);
            await().atMost(Duration.ofSeconds(20)).until(() -> deploymentSuccesses() >= 1);
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> deploymentSuccesses() == 1);
        }
    }

    private static long deploymentSuccesses() {
        return requests("POST", "/deployments/").stream()
                .filter(body -> body.contains("\"state\":\"success\""))
                .count();
    }

    private BotJvm bot(GitHttpServer gitops) throws Exception {
        return bot(gitops, List.of());
    }

    private BotJvm bot(GitHttpServer gitops, List<String> cluster) throws Exception {
        Map<String, String> settings = GitHubStandIn.appSettings(github, KEY, SECRET);
        settings.putAll(Map.of(
                "pitapat.gitops.repo",
                gitops.url(),
                "pitapat.gitops.token",
                "t0ken",
                "pitapat.gitops.workdir",
                tmp.resolve("work").toString(),
                "pitapat.kube.enabled",
                Boolean.toString(!cluster.isEmpty()),
                "spring.data.redis.url",
                redis.url()));
        settings.put("pitapat.queue.claim-timeout", "3s");
        settings.put("pitapat.deploy.lease", "5s");
        settings.put("pitapat.deploy.line-poll", "200ms");
        BotJvm bot = BotJvm.start(tmp.resolve("bots"), settings, cluster);
        bots.add(bot);
        return bot;
    }

    private static String deploy(BotJvm bot) {
        String id = UUID.randomUUID().toString();
        byte[] comment = Payloads.commentOnPullRequest(7, "/deploy staging").bytes();
        assertThat(new WebhookClient(bot.port(), SECRET)
                        .deliver("issue_comment", id, comment)
                        .statusCode())
                .isEqualTo(202);
        return id;
    }

    /** Until the deploy's check run was completed. */
    private static void awaitFinished(GitHttpServer gitops) {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> requests("PATCH", "/check-runs/").stream()
                        .anyMatch(body -> body.contains("\"status\":\"completed\"")));
    }

    private static void assertEffectsOnce(GitHttpServer gitops, String delivery) throws Exception {
        assertThat(deployCommits(gitops)).as("GitOps commits of the deploy").hasSize(1);
        assertThat(requests("POST", "/check-runs")).as("check runs created").hasSize(1);
        assertThat(github.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        urlEqualTo(REPO + "/deployments"))))
                .as("Deployments created")
                .hasSize(1);
        assertThat(requests("POST", "/issues/7/comments").stream()
                        .filter(body -> body.contains("<!-- pitapat:env/staging -->")))
                .as("sticky comments created")
                .hasSize(1);
        assertThat(requests("PATCH", "/check-runs/").stream().filter(body -> body.contains("\"status\":\"completed\"")))
                .as("check run completions")
                .hasSize(1);
    }

    private static List<String> requests(String method, String pathPart) {
        return github.getAllServeEvents().stream()
                .map(ServeEvent::getRequest)
                .filter(r ->
                        r.getMethod().getName().equals(method) && r.getUrl().contains(pathPart))
                .filter(r -> !(method.equals("POST")
                        && pathPart.equals("/deployments")
                        && r.getUrl().contains("/statuses")))
                .map(r -> r.getBodyAsString())
                .toList();
    }

    private static String head(GitHttpServer gitops) throws Exception {
        try (Repository served = gitops.open()) {
            var ref = served.exactRef("refs/heads/main");
            return ref == null ? null : ref.getObjectId().name();
        }
    }

    private static List<String> deployCommits(GitHttpServer gitops) throws Exception {
        List<String> commits = new ArrayList<>();
        try (Repository served = gitops.open();
                RevWalk walk = new RevWalk(served)) {
            var head = served.resolve("refs/heads/main");
            if (head == null) {
                return commits;
            }
            walk.markStart(walk.parseCommit(head));
            for (RevCommit commit : walk) {
                if (commit.getFullMessage().contains("Pitapat-Deployment:")) {
                    commits.add(commit.getName());
                }
            }
        }
        return commits;
    }
}
