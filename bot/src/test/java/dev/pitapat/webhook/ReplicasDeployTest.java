package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.pitapat.testing.GitHubStandIn;
import dev.pitapat.testing.Payloads;
import dev.pitapat.testing.RedisServer;
import dev.pitapat.testing.TestPem;
import dev.pitapat.testing.WebhookClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two and three whole bots on one real Redis and one GitOps repository, doing real deploys (the real handlers, a
 * real GitOps clone each, GitHub at WireMock): each {@code /deploy} delivered to several replicas at once is
 * accepted once and deployed once, to many apps and many times to one environment; nothing is lost or doubled.
 */
class ReplicasDeployTest {

    static final String SECRET = "replicas-deploy-secret";
    static final String KEY = TestPem.newAppKey();
    static final int APPS = 12;
    static final int TO_ONE_ENVIRONMENT = 6;

    @RegisterExtension
    static WireMockExtension github = GitHubStandIn.server();

    @TempDir
    Path data;

    @ParameterizedTest(name = "{0} replicas")
    @ValueSource(ints = {2, 3})
    void deliveriesSentToSeveralReplicasAtOnceAreDeployedOnceEach(int replicas) throws Exception {
        GitHubStandIn.servesPullRequest7(github, "environments:\n  staging: {}\n", "/repos/acme/app-[0-9]+");
        Git.init()
                .setBare(true)
                .setInitialBranch("main")
                .setDirectory(data.resolve("gitops.git").toFile())
                .call()
                .close();
        String prefix = RedisServer.freshPrefix();
        List<BotProcess> bots = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < replicas; i++) {
                bots.add(BotProcess.start(settings(prefix, i), null));
            }
            List<WebhookClient> clients =
                    bots.stream().map(b -> new WebhookClient(b.port(), SECRET)).toList();
            List<String> repos = new ArrayList<>();
            IntStream.rangeClosed(1, APPS).forEach(n -> repos.add(String.format("acme/app-%02d", n)));
            for (int n = 1; n < TO_ONE_ENVIRONMENT; n++) {
                repos.add("acme/app-01"); // more deploys of the same app to the same environment
            }

            List<CompletableFuture<List<Integer>>> sent = new ArrayList<>();
            for (int i = 0; i < repos.size(); i++) {
                String id = UUID.randomUUID().toString();
                byte[] body = Payloads.commentOnPullRequest(7, "/deploy staging")
                        .set("/repository/full_name", repos.get(i))
                        .set("/repository/name", repos.get(i).substring("acme/".length()))
                        .set("/repository/owner/login", "acme")
                        .setJson("/installation/id", "1")
                        .bytes();
                List<WebhookClient> to = List.of(clients.get(i % replicas), clients.get((i + 1) % replicas));
                sent.add(CompletableFuture.supplyAsync(
                        () -> to.parallelStream()
                                .map(client -> client.deliver("issue_comment", id, body))
                                .map(HttpResponse::statusCode)
                                .toList(),
                        senders));
            }
            for (CompletableFuture<List<Integer>> answers : sent) {
                assertThat(answers.get())
                        .as("one replica accepts, the other answers duplicate")
                        .containsExactlyInAnyOrder(202, 200);
            }

            await().atMost(Duration.ofSeconds(120)).until(() -> completedCheckRuns() == repos.size());
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> completedCheckRuns() == repos.size());

            List<String> committed = deployCommits();
            assertThat(committed)
                    .as("one GitOps commit per app, none lost or doubled")
                    .hasSize(APPS);
            assertThat(committed.stream().distinct()).hasSize(APPS);
            assertThat(requests("POST", "/check-runs"))
                    .as("one check run per deploy")
                    .hasSize(repos.size());
            assertThat(bots.stream().filter(b -> b.counter("issue_comment", "processed") > 0))
                    .as("the replicas shared the work")
                    .hasSizeGreaterThan(1);
        } finally {
            senders.shutdownNow();
            bots.forEach(BotProcess::close);
        }
    }

    private Map<String, String> settings(String prefix, int replica) {
        Map<String, String> settings = GitHubStandIn.appSettings(github, KEY, SECRET);
        settings.putAll(Map.of(
                "spring.data.redis.url",
                RedisServer.shared().url(),
                "pitapat.queue.key-prefix",
                prefix,
                "pitapat.gitops.repo",
                data.resolve("gitops.git").toString(),
                "pitapat.gitops.workdir",
                data.resolve("work-" + replica).toString(),
                "pitapat.kube.enabled",
                "false",
                "pitapat.deploy.line-poll",
                "50ms"));
        settings.put("pitapat.shutdown-grace", "2s");
        return settings;
    }

    private static long completedCheckRuns() {
        return requests("PATCH", "/check-runs/").stream()
                .filter(body -> body.contains("\"status\":\"completed\""))
                .count();
    }

    private static List<String> requests(String method, String pathPart) {
        return github.getAllServeEvents().stream()
                .map(ServeEvent::getRequest)
                .filter(r ->
                        r.getMethod().getName().equals(method) && r.getUrl().contains(pathPart))
                .map(r -> r.getBodyAsString())
                .toList();
    }

    /** The folders the deploy commits on the branch wrote, one entry per commit. */
    private List<String> deployCommits() throws Exception {
        List<String> folders = new ArrayList<>();
        try (Repository repository = new FileRepositoryBuilder()
                        .setGitDir(data.resolve("gitops.git").toFile())
                        .build();
                RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(repository.resolve("refs/heads/main")));
            for (RevCommit commit : walk) {
                String message = commit.getFullMessage();
                int at = message.indexOf("Pitapat-Deployment:");
                if (at >= 0) {
                    folders.add(commit.getShortMessage());
                }
            }
        }
        return folders;
    }
}
