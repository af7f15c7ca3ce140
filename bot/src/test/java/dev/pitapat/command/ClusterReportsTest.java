package dev.pitapat.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitapat.deploy.Progress;
import dev.pitapat.kube.FakeArgo;
import dev.pitapat.model.AppName;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A manual-promotion {@code /deploy production} followed in the cluster from acceptance to healthy (DESIGN.md
 * section 6), the whole bot running: signed webhooks in, GitHub at WireMock, a real GitOps repository, and the
 * cluster on fabric8's mock API server found through a kubeconfig as fabric8 finds one, Argo CD and Argo Rollouts
 * played by the test one status at a time. At each step the check runs, the Deployment's statuses and the sticky
 * comment GitHub is told are asserted, and the Promote button's exact patch.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pitapat.github.webhook-secret=" + ClusterReportsTest.SECRET,
            "pitapat.github.app-id=4242",
            "pitapat.deploy.line-poll=20ms",
            "pitapat.kube.enabled=true"
        })
@DirtiesContext // its follower watches this class's API server, which stops with it
class ClusterReportsTest extends CommandsEndToEnd {

    static final String SECRET = "cluster-secret-5eed";
    static final Path GITOPS = Path.of(System.getProperty("java.io.tmpdir"), "pitapat-cluster-" + UUID.randomUUID());
    static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    static final Target PRODUCTION = new Target(new AppName("hello"), new EnvName("production"));
    static final String POLICY = """
            app: hello
            environments:
              production: { promotion: manual }
              staging: {}
            """;
    static final FakeArgo ARGO = new FakeArgo();

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) throws Exception {
        register(registry, GITOPS);
        Files.createDirectories(GITOPS);
        // fabric8 reads a kubeconfig named by this system property as it would KUBECONFIG
        System.setProperty("kubeconfig", ARGO.kubeconfig(GITOPS).toString());
    }

    @AfterAll
    static void stopCluster() {
        System.clearProperty("kubeconfig");
        ARGO.close();
    }

    ClusterReportsTest() {
        super(SECRET, GITOPS, POLICY);
    }

    @Test
    void aManualPromotionIsReportedAtEachStepFromAcceptedToHealthy() throws Exception {
        ARGO.synced(PRODUCTION, "0".repeat(40)); // the Application the ApplicationSet made for the folder earlier
        ARGO.patches();
        int mark = mark();

        String delivery = deliver("/deploy production");
        DeploymentId deploy = DeploymentId.derived(delivery, "1");
        awaitProgress(deploy, p -> p.stage() == Progress.Stage.FOLLOWING);
        String commit = gitOpsHead();
        assertThat(ARGO.patches())
                .containsExactly(new FakeArgo.Request(
                        "PATCH",
                        "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/hello-production",
                        "application/merge-patch+json",
                        "{\"metadata\":{\"annotations\":{\"argocd.argoproj.io/refresh\":\"normal\"}}}"));
        awaitCall(mark, "deployment status in_progress", "waiting for Argo CD to sync");
        List<Call> committed = callsSince(mark);
        assertThat(whats(committed))
                .containsSubsequence(
                        "react eyes",
                        "check run queued",
                        "deployment created",
                        "sticky comment created",
                        "check run in_progress",
                        "deployment status in_progress",
                        "check run in_progress",
                        "deployment status in_progress")
                .doesNotContain("check run completed neutral", "deployment status success", "react rocket");
        assertThat(last(committed, "check run in_progress").at("/output/title").asString())
                .isEqualTo("Deploy to production: waiting for Argo CD to sync");
        assertThat(last(committed, "deployment status in_progress")
                        .path("description")
                        .asString())
                .isEqualTo("Committed as GitOps " + commit.substring(0, 7) + "; waiting for Argo CD to sync");
        assertThat(sticky("production")).contains("| **State** | committed; waiting for Argo CD to sync |");

        mark = mark();
        ARGO.synced(PRODUCTION, commit);
        awaitProgress(deploy, p -> p.did(Progress.StepName.SYNCED));
        awaitCall(mark, "deployment status in_progress", "Synced by Argo CD");
        assertThat(last(callsSince(mark), "check run in_progress")
                        .at("/output/title")
                        .asString())
                .isEqualTo("Deploy to production: synced, waiting for healthy");
        await().until(() -> sticky("production").contains("synced; waiting for the rollout to become healthy"));

        mark = mark();
        ARGO.rolloutAsksFor(PRODUCTION, HEAD.substring(0, 7));
        ARGO.rolloutStatus(PRODUCTION, "Paused", true, "5f7c9d", "85b4c1", "BlueGreenPause", false);
        awaitProgress(deploy, Progress::awaitingPromotion);
        awaitCall(mark, "deployment status in_progress", "Awaiting promotion");
        List<Call> waiting = callsSince(mark);
        JsonNode waitingRun = last(waiting, "check run completed action_required");
        assertThat(waitingRun.at("/output/title").asString()).isEqualTo("Awaiting promotion in production");
        assertThat(waitingRun.path("details_url").asString())
                .isEqualTo("https://hello-production-preview.apps.localhost");
        assertThat(waitingRun.path("actions").findValuesAsString("identifier")).containsExactly("promote", "abort");
        assertThat(waitingRun.at("/output/summary").asString())
                .contains("**Promote** switches traffic", "`/promote production`");
        assertThat(last(waiting, "deployment status in_progress")
                        .path("description")
                        .asString())
                .isEqualTo("Awaiting promotion: preview at https://hello-production-preview.apps.localhost");
        await().until(() -> sticky("production").contains("Comment `/promote production` to switch traffic to it"));
        String waitingRunPath = callsSince(mark).stream()
                .filter(c -> c.what().equals("check run completed action_required"))
                .findFirst()
                .orElseThrow()
                .path();

        assertThat(comment("/status production"))
                .contains("in the cluster: `" + deploy.value() + "` (`6dcb09b`) awaiting promotion");

        mark = mark();
        ARGO.patches();
        awaitDone(pressOnly("promote", "Codertocat", "deploy/production"));
        awaitProgress(deploy, p -> p.did(Progress.StepName.PROMOTED));
        assertThat(ARGO.patches())
                .containsExactly(new FakeArgo.Request(
                        "PATCH",
                        "/apis/argoproj.io/v1alpha1/namespaces/hello-production/rollouts/hello/status",
                        "application/merge-patch+json",
                        "{\"status\":{\"pauseConditions\":null}}"));
        awaitCall(mark, "deployment status in_progress", "Promoted by @Codertocat");
        List<Call> promoted = callsSince(mark);
        Call buttonsGone = promoted.stream()
                .filter(c -> c.path().equals(waitingRunPath))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(buttonsGone.what()).isEqualTo("check run completed action_required");
        assertThat(buttonsGone.body().path("actions").isEmpty()).isTrue();
        assertThat(buttonsGone.body().at("/output/title").asString())
                .isEqualTo("Promoted in production by @Codertocat");
        Call newRun = promoted.stream()
                .filter(c -> c.path().equals(REPO + "/check-runs"))
                .findFirst()
                .orElseThrow();
        assertThat(newRun.what()).isEqualTo("check run in_progress");
        assertThat(newRun.body().at("/output/title").asString())
                .isEqualTo("Promoted in production: waiting for healthy");
        assertThat(newRun.body().path("head_sha").asString()).isEqualTo(HEAD);

        mark = mark();
        ARGO.rolloutStatus(PRODUCTION, "Healthy", false, "85b4c1", "85b4c1", "", false);
        awaitProgress(deploy, Progress::finished);
        awaitCall(mark, "react rocket", "");
        List<Call> healthy = callsSince(mark);
        assertThat(whats(healthy))
                .containsSubsequence(
                        "check run completed success",
                        "deployment status success",
                        "sticky comment edited",
                        "react rocket");
        JsonNode success = last(healthy, "check run completed success");
        assertThat(success.at("/output/title").asString()).isEqualTo("Healthy in production");
        assertThat(success.at("/output/summary").asString())
                .contains(
                        "`6dcb09b` is live in `production`: synced by Argo CD and healthy after @Codertocat promoted it",
                        "- Promoted by: @Codertocat",
                        "- Steps: rendered, committed, synced, awaiting promotion, promoted, healthy");
        assertThat(healthy.stream()
                        .filter(c -> c.what().equals("check run completed success"))
                        .map(Call::path))
                .containsOnly(REPO + "/check-runs/" + idOf(newRun.response()));
        JsonNode deployed = last(healthy, "deployment status success");
        assertThat(deployed.path("description").asString())
                .startsWith("Healthy in the cluster, promoted by @Codertocat at ")
                .endsWith("(GitOps " + commit.substring(0, 7) + ")");
        assertThat(deployed.path("environment_url").asString()).isEqualTo("https://hello-production.apps.localhost");
        assertThat(sticky("production"))
                .contains("| **State** | healthy, promoted by @Codertocat at ", "| **Runs** | `6dcb09b`");
        assertThat(comment("/history production"))
                .contains("`" + deploy.value() + "` deploy of `Codertocat/Hello-World@6dcb09b` by @Codertocat")
                .contains(": healthy, promoted by @Codertocat at ");
    }

    private void awaitProgress(DeploymentId id, Predicate<Progress> state) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pipeline.progress(id).filter(state).isPresent());
    }

    /** Waits until GitHub was told {@code what} with a body containing {@code text} since {@code mark}. */
    private void awaitCall(int mark, String what, String text) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> callsSince(mark).stream()
                        .anyMatch(c ->
                                c.what().equals(what) && c.body().toString().contains(text)));
    }

    private static List<String> whats(List<Call> calls) {
        return calls.stream().map(Call::what).filter(w -> !w.startsWith("GET")).toList();
    }

    private static JsonNode last(List<Call> calls, String what) {
        return calls.stream()
                .filter(c -> c.what().equals(what))
                .reduce((a, b) -> b)
                .map(Call::body)
                .orElseThrow(() -> new AssertionError("no " + what + " among " + whats(calls)));
    }

    private static long idOf(JsonNode response) {
        return response.path("id").asLong();
    }
}
