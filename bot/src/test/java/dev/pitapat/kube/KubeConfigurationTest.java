package dev.pitapat.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

/** Whether a cluster is followed, and what health says of it. */
class KubeConfigurationTest {

    @TempDir
    Path home;

    @Test
    void findsAClusterTheWayFabric8Would() throws Exception {
        assertThat(KubeConfiguration.foundCluster(Map.of(), home)).isEmpty();
        assertThat(KubeConfiguration.foundCluster(Map.of("KUBECONFIG", "/etc/kube/bot.yaml"), home))
                .hasValue("KUBECONFIG /etc/kube/bot.yaml");
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "apiVersion: v1\nkind: Config\n");
        assertThat(KubeConfiguration.foundCluster(Map.of(), home))
                .hasValue("kubeconfig " + home.resolve(".kube/config"));
    }

    @Test
    void withoutAClusterNothingIsFollowedAndHealthIsUnknownNotDown() {
        KubeConfiguration.ClusterHolder holder =
                new KubeConfiguration().cluster(new KubeProperties(Optional.of(false), "argocd", true, null, null));

        assertThat(holder.cluster().followed()).isFalse();
        assertThat(holder.cluster().abort(Fabric8ClusterTest.STAGING)).isFalse();
        var health = new KubernetesHealthIndicator(holder.client()).health();
        assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(health.getDetails().get("cluster").toString()).contains("none configured");
    }

    @Test
    void aClusterThatAnswersIsUpAndOneThatDoesNotIsUnknown() {
        KubernetesMockServer server = new KubernetesMockServer(
                new io.fabric8.mockwebserver.Context(),
                new io.fabric8.mockwebserver.MockWebServer(),
                new java.util.HashMap<>(),
                new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(java.util.List.of()),
                false,
                new io.fabric8.kubernetes.client.VersionInfo.Builder()
                        .withMajor("1")
                        .withMinor("34")
                        .build());
        server.init();
        KubernetesClient client = server.createClient(builder -> builder.editOrNewConfig()
                .withRequestRetryBackoffLimit(KubeConfiguration.REQUEST_RETRIES)
                .endConfig());
        try {
            var up = new KubernetesHealthIndicator(Optional.of(client)).health();
            assertThat(up.getStatus()).as(up.getDetails().toString()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsKey("server");
        } finally {
            server.destroy();
        }
        var gone = new KubernetesHealthIndicator(Optional.of(client)).health();
        assertThat(gone.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(gone.getDetails().get("error").toString()).startsWith("not reachable");
        client.close();
    }
}
