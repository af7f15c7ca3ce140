package dev.pitapat.command;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitapat.burst.FakeCompute;
import dev.pitapat.deploy.Progress;
import dev.pitapat.kube.FakeNodes;
import dev.pitapat.model.DeploymentId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Cloud bursting in the whole bot (DESIGN.md section 6): a {@code /deploy staging} is in flight, waiting in the
 * cluster, when the on-premises cluster runs hot and its pods cannot be scheduled. Prometheus at WireMock says so,
 * Compute's stand-in is resized with a request id, and GitHub is told: a {@code capacity} check run on the deploy's
 * sha, and the deploy's own check run says capacity is being added; {@code /api/capacity}, the status page and the
 * metrics say it too. The cluster is fabric8's mock API server, found through a kubeconfig as fabric8 finds one.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pitapat.github.webhook-secret=" + CapacityEndToEndTest.SECRET,
            "pitapat.github.app-id=4242",
            "pitapat.deploy.line-poll=20ms",
            "pitapat.kube.enabled=true",
            "pitapat.burst.enabled=true",
            "pitapat.burst.samples=2",
            "pitapat.burst.interval=1s",
            "pitapat.burst.project=" + CapacityEndToEndTest.PROJECT,
            "pitapat.burst.zone=" + CapacityEndToEndTest.ZONE,
            "pitapat.burst.instance-group=" + CapacityEndToEndTest.GROUP
        })
@DirtiesContext // its follower and bursting use this class's API server and Compute, which stop with it
class CapacityEndToEndTest extends CommandsEndToEnd {

    static final String SECRET = "capacity-secret-5eed";
    static final String PROJECT = "my-project";
    static final String ZONE = "europe-west1-b";
    static final String GROUP = "pitapat-burst";
    static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    static final Path GITOPS = Path.of(System.getProperty("java.io.tmpdir"), "pitapat-capacity-" + UUID.randomUUID());
    static final FakeNodes CLUSTER = new FakeNodes();
    static final FakeCompute COMPUTE = FakeCompute.start(PROJECT, ZONE, GROUP);

    @RegisterExtension
    static WireMockExtension prometheus = WireMockExtension.newInstance()
            .options(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) throws Exception {
        register(registry, GITOPS);
        Files.createDirectories(GITOPS);
        // fabric8 reads a kubeconfig named by this system property as it would KUBECONFIG
        System.setProperty("kubeconfig", CLUSTER.kubeconfig(GITOPS).toString());
        registry.add("pitapat.burst.prometheus-url", prometheus::baseUrl);
        registry.add("pitapat.burst.compute-endpoint", COMPUTE::url);
    }

    @AfterAll
    static void stopCluster() {
        System.clearProperty("kubeconfig");
        CLUSTER.close();
        COMPUTE.close();
    }

    CapacityEndToEndTest() {
        super(SECRET, GITOPS, "app: hello\nenvironments:\n  staging: {}\n");
    }

    @Test
    void risingUtilisationDuringADeployAddsANodeAndTellsTheDeploy() throws Exception {
        utilisation("0.61");
        String delivery = deliver("/deploy staging");
        DeploymentId deploy = DeploymentId.derived(delivery, "1");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pipeline.progress(deploy)
                        .filter(p -> p.stage() == Progress.Stage.FOLLOWING)
                        .isPresent());

        // in flight: the capacity check run on its sha says nothing changes
        JsonNode calm = awaitCapacityRun("Capacity unchanged: requests between the thresholds");
        assertThat(calm.path("conclusion").asString()).isEqualTo("neutral");
        List<Call> made = callsSince(0).stream()
                .filter(c -> c.path().endsWith("/check-runs")
                        && c.body().path("name").asString().equals("capacity"))
                .toList();
        assertThat(made)
                .as("one capacity check run per sha, edited as decisions change")
                .hasSize(1);
        assertThat(made.getFirst().body().path("head_sha").asString()).isEqualTo(HEAD);
        assertThat(COMPUTE.resizes()).isEmpty();

        // the cluster runs hot: its pods cannot be scheduled, and requests pass scale-up-at
        CLUSTER.addPod("hello-staging", "hello-7d4b9-x2x1")
                .unschedulable(Optional.of(Instant.now()), "0/3 nodes are available: 3 Insufficient cpu.")
                .add();
        utilisation("0.92");

        await().atMost(Duration.ofSeconds(30)).until(() -> !COMPUTE.resizes().isEmpty());
        FakeCompute.Resize resize = COMPUTE.resizes().getFirst();
        assertThat(resize.size()).isEqualTo(1);
        assertThat(UUID.fromString(resize.requestId()).toString()).isEqualTo(resize.requestId());

        JsonNode adding = awaitCapacityRun("Adding capacity: burst group 0 → 1 node(s)");
        assertThat(COMPUTE.targetSize()).isEqualTo(1);
        assertThat(adding.at("/output/summary").asString())
                .contains("| decision | up (`above_threshold`)")
                .contains("| signal | 0.92 of on-premises CPU requested (up at 0.80, down at 0.50) |")
                .contains("| pods waiting | 1 cannot be scheduled, in `hello-staging` |")
                .contains("`" + GROUP + " in " + ZONE + "`: 0 → 1 node(s) (1 instance(s))")
                .contains("resized the group to 1; Compute confirmed it");
        assertThat(COMPUTE.resizes()).as("one change, then the cooldown holds").hasSize(1);

        // the deploy's own check run says capacity is being added
        await().atMost(Duration.ofSeconds(20))
                .until(() -> callsSince(0).stream()
                        .anyMatch(c -> c.what().startsWith("check run in_progress")
                                && c.body()
                                        .path("output")
                                        .toString()
                                        .contains(
                                                "**Capacity:** pods cannot be scheduled yet: pitapat is adding capacity"
                                                        + " (burst group 0 → 1 nodes, asked ")));

        JsonNode api = JSON.readTree(get("/api/capacity"));
        assertThat(api.path("enabled").asBoolean()).isTrue();
        assertThat(api.path("instanceGroup").asString()).isEqualTo(GROUP + " in " + ZONE);
        assertThat(api.path("nodes").asInt()).isEqualTo(1);
        assertThat(api.path("recent").findValuesAsString("act")).contains("resized");
        JsonNode resized = List.copyOf(api.path("recent").valueStream().toList()).stream()
                .filter(d -> d.path("act").asString().equals("resized"))
                .findFirst()
                .orElseThrow();
        assertThat(resized.path("decision").asString()).isEqualTo("up");
        assertThat(resized.path("reason").asString()).isEqualTo("above_threshold");
        assertThat(resized.path("ratio").asDouble()).isEqualTo(0.92);
        assertThat(resized.path("waitingPods").asInt()).isEqualTo(1);

        assertThat(answer("/api/capacity?limit=0"))
                .isEqualTo("400 {\"error\":\"limit is a whole number of decisions, 1 to 200 (default 20)\"}");
        assertThat(answer("/api/capacity?limit=many")).startsWith("400 ");
        assertThat(get("/")).contains("Capacity").contains("Adding capacity: burst group 0 → 1 node(s)");
        String metrics = get("/actuator/prometheus");
        assertThat(metrics)
                .contains("pitapat_burst_decisions_total{decision=\"up\",reason=\"above_threshold\"} 1.0")
                .containsPattern("pitapat_burst_decisions_total\\{decision=\"hold\",reason=\"within_band\"} [1-9]")
                .contains("pitapat_burst_nodes 1.0");
    }

    private void utilisation(String ratio) {
        prometheus.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/api/v1/query"))
                .willReturn(okJson("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                        + "[{\"metric\":{},\"value\":[1764756000.1,\"" + ratio + "\"]}]}}")));
    }

    /** The newest capacity check run (made or edited) whose title is {@code title}, once GitHub was told it. */
    private JsonNode awaitCapacityRun(String title) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> callsSince(0).stream()
                                .filter(c -> c.path().contains("/check-runs")
                                        && c.body().path("name").asString().equals("capacity")
                                        && c.body()
                                                .at("/output/title")
                                                .asString()
                                                .equals(title))
                                .map(Call::body)
                                .reduce((a, b) -> b),
                        Optional::isPresent)
                .orElseThrow();
    }

    private String answer(String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        }
    }

    private String get(String path) throws Exception {
        String answer = answer(path);
        assertThat(answer).as(path).startsWith("200 ");
        return answer.substring("200 ".length());
    }
}
