package dev.pitapat.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds over fabric8 against its mock API server in CRUD mode with the Workflow resource registered: the Workflow
 * a build creates (valid for Argo Workflows' API), the clone token only in a Secret the Workflow owns, one Workflow
 * per sha, its state from {@code status.phase}, {@code status.progress} and {@code status.message}, and the watch.
 */
class Fabric8BuildsTest {

    static final String NAMESPACE = FakeArgoWorkflows.NAMESPACE;
    static final RepoRef REPO = new RepoRef("acme", "hello");
    static final Sha SHA = new Sha("9f3c2b1a0d4e5f60718293a4b5c6d7e8f9a0b1c2");
    static final String TOKEN = "ghs_cloneTokenForOneRepository0123456789";
    static final BuildOrder ORDER = new BuildOrder(
            REPO,
            SHA,
            URI.create("https://github.com/acme/hello.git"),
            "ghcr.io/acme/hello",
            TOKEN,
            "registry-push",
            java.util.Optional.of(7L));

    FakeArgoWorkflows argo;
    Builds builds;

    @BeforeEach
    void server() {
        argo = new FakeArgoWorkflows();
        builds = argo.builds();
    }

    @AfterEach
    void stop() {
        argo.close();
    }

    private List<GenericKubernetesResource> workflows() {
        return argo.workflows();
    }

    /** The newest attempt moves on, with no {@code status.nodes} (Argo may offload them). */
    private void status(String phase, String progress, String message) {
        argo.status(workflows().getLast().getMetadata().getName(), phase, progress, message);
    }

    @Test
    void startsAWorkflowFromTheTemplateWithTheShaTheImageAndTheSecretsNames() {
        BuildState state = builds.start(ORDER);

        assertThat(state)
                .isEqualTo(new BuildState(
                        ORDER.name(),
                        BuildState.Phase.PENDING,
                        java.util.Optional.empty(),
                        "",
                        java.util.Optional.of(7L)));
        GenericKubernetesResource workflow = workflows().getFirst();
        JsonNode json = JsonMapper.shared().valueToTree(workflow);
        assertThat(ArgoWorkflowsSchema.problems(json)).isEmpty();
        assertThat(json.path("metadata").path("name").asString())
                .isEqualTo("hello-" + ORDER.name().split("-")[1] + "-9f3c2b1a0d4e");
        assertThat(json.path("metadata")
                        .path("labels")
                        .path("app.kubernetes.io/managed-by")
                        .asString())
                .isEqualTo("pitapat");
        assertThat(json.path("metadata").path("labels").path("pitapat.dev/sha").asString())
                .isEqualTo(SHA.value());
        assertThat(json.path("spec").path("workflowTemplateRef").path("name").asString())
                .isEqualTo("pitapat-build");
        assertThat(json.path("metadata")
                        .path("annotations")
                        .path("pitapat.dev/check-run")
                        .asString())
                .isEqualTo("7");
        Map<String, String> parameters = new HashMap<>();
        json.path("spec")
                .path("arguments")
                .path("parameters")
                .forEach(p -> parameters.put(
                        p.path("name").asString(), p.path("value").asString()));
        assertThat(parameters)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "repository",
                        "https://github.com/acme/hello.git",
                        "sha",
                        SHA.value(),
                        "image",
                        "ghcr.io/acme/hello:" + SHA.value(),
                        "clone-secret",
                        ORDER.name() + "-clone",
                        "registry-secret",
                        "registry-push"));
    }

    @Test
    void theCloneTokenIsOnlyInASecretTheWorkflowOwns() {
        builds.start(ORDER);

        GenericKubernetesResource workflow = workflows().getFirst();
        Secret secret = argo.secrets().stream()
                .filter(each -> each.getMetadata().getName().equals(ORDER.name() + "-clone"))
                .findFirst()
                .orElseThrow();
        String token = secret.getStringData() != null && secret.getStringData().containsKey("token")
                ? secret.getStringData().get("token")
                : new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
        assertThat(token).isEqualTo(TOKEN);
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Workflow");
            assertThat(owner.getName()).isEqualTo(workflow.getMetadata().getName());
            assertThat(owner.getUid())
                    .isNotBlank()
                    .isEqualTo(workflow.getMetadata().getUid());
        });
        assertThat(JsonMapper.shared().writeValueAsString(workflow)).doesNotContain(TOKEN);
        assertThat(ORDER.toString()).doesNotContain(TOKEN);
    }

    @Test
    void theSameShaIsBuiltOnceAndAFailedBuildIsBuiltAgainAsANewAttempt() {
        builds.start(ORDER);
        String first = workflows().getFirst().getMetadata().getUid();
        status("Running", "0/1", "");

        assertThat(builds.start(ORDER).phase()).isEqualTo(BuildState.Phase.RUNNING);
        status("Succeeded", "1/1", "");
        assertThat(builds.start(ORDER).phase()).isEqualTo(BuildState.Phase.SUCCEEDED);
        assertThat(workflows())
                .singleElement()
                .satisfies(w -> assertThat(w.getMetadata().getUid()).isEqualTo(first));

        status("Failed", "0/1", "child 'hello-build' failed");
        BuildState again = builds.start(ORDER);
        assertThat(again.phase()).isEqualTo(BuildState.Phase.PENDING);
        assertThat(again.name()).isEqualTo(ORDER.name() + "-2");
        assertThat(workflows()).hasSize(2); // the failed attempt stays, with its logs
        assertThat(builds.latest(ORDER.name())).contains(again);
        assertThat(argo.secrets())
                .extracting(secret -> secret.getMetadata().getName())
                .containsExactlyInAnyOrder(ORDER.name() + "-clone", ORDER.name() + "-2-clone");
        assertThat(builds.start(ORDER)).isEqualTo(again);
        assertThat(workflows()).hasSize(2);
    }

    @Test
    void readsTheStateFromPhaseProgressAndMessageEvenWithoutNodes() {
        builds.start(ORDER);
        status("Running", "1/2", "");
        assertThat(builds.state(ORDER.name()))
                .contains(new BuildState(
                        ORDER.name(),
                        BuildState.Phase.RUNNING,
                        java.util.Optional.of("1/2"),
                        "",
                        java.util.Optional.of(7L)));

        status("Error", "1/2", "pod deleted");
        BuildState errored = builds.state(ORDER.name()).orElseThrow();
        assertThat(errored.failed()).isTrue();
        assertThat(errored.message()).isEqualTo("pod deleted");
        assertThat(builds.state("hello-00000000-000000000000")).isEmpty();
    }

    @Test
    void theWatchTellsEachChangeAndAnswersFromItsCache() {
        List<String> told = new CopyOnWriteArrayList<>();
        try (Cluster.Watch watch = builds.watch(told::add)) {
            await().atMost(Duration.ofSeconds(10)).until(watch::synced);
            builds.start(ORDER);
            await().atMost(Duration.ofSeconds(10)).until(() -> told.contains(ORDER.name()));
            told.clear();
            status("Succeeded", "1/1", "");
            await().atMost(Duration.ofSeconds(10)).until(() -> told.contains(ORDER.name()));
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            builds.state(ORDER.name()).map(BuildState::phase).orElse(null)
                                    == BuildState.Phase.SUCCEEDED);
        }
    }

    @Test
    void namesAreDnsLabelsThatTellRepositoriesApartAndAShortShaIsRefused() {
        String name = BuildOrder.nameOf(new RepoRef("Acme", "My.Very_Long.Repository-Name-That-Goes-On-And-On"), SHA);

        assertThat(name).matches("[a-z]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(BuildOrder.MAX_NAME);
        assertThat(BuildOrder.nameOf(new RepoRef("other", "hello"), SHA)).isNotEqualTo(ORDER.name());
        assertThat(BuildOrder.nameOf(new RepoRef("acme", "42"), SHA)).startsWith("build-42-");
        assertThatThrownBy(() -> new BuildOrder(
                        REPO, new Sha("9f3c2b1"), ORDER.cloneUrl(), "i", TOKEN, "r", java.util.Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutAClusterNothingCanBeBuilt() {
        assertThat(Builds.none().available()).isFalse();
        assertThat(Builds.none().state(ORDER.name())).isEmpty();
        assertThatThrownBy(() -> Builds.none().start(ORDER))
                .isInstanceOf(ClusterException.class)
                .hasMessageNotContaining(TOKEN);
    }
}
