package dev.pitapat.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cluster: fabric8's usual discovery (a kubeconfig named by {@code KUBECONFIG} or at {@code ~/.kube/config},
 * or the in-cluster service account) when {@code pitapat.kube.enabled} is unset and one is found, or when it is
 * {@code true}; otherwise the null object, and the bot still deploys (commits) with rollout status unknown.
 */
@Configuration(proxyBeanMethods = false)
class KubeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KubeConfiguration.class);
    static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(5);
    static final int REQUEST_RETRIES = 1;
    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    @Bean
    ClusterHolder cluster(KubeProperties properties) {
        Optional<String> found = foundCluster(System.getenv(), Path.of(System.getProperty("user.home", "/")));
        boolean follow = properties.enabled().orElse(found.isPresent());
        if (!follow) {
            log.info(
                    "No cluster is followed ({}): deploys commit to the GitOps repository and report the rollout"
                            + " status as unknown",
                    properties.enabled().isPresent()
                            ? "pitapat.kube.enabled=false"
                            : "no kubeconfig or in-cluster" + " service account found");
            return new ClusterHolder(new NoCluster(), Optional.empty());
        }
        Config config = Config.autoConfigure(null);
        // a cluster that does not answer is said quickly (health, a deploy's follow-up), not after ten retries
        config.setConnectionTimeout((int) CONNECT_TIMEOUT.toMillis());
        config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        log.info(
                "Following the cluster at {} ({}): Argo CD Applications in namespace {}",
                client.getMasterUrl(),
                found.orElse("pitapat.kube.enabled=true"),
                properties.argocdNamespace());
        return new ClusterHolder(new Fabric8Cluster(client, properties.argocdNamespace()), Optional.of(client));
    }

    @Bean
    Cluster clusterOf(ClusterHolder holder) {
        return holder.cluster();
    }

    /** Image builds in the build namespace, on the cluster followed; none without one. */
    @Bean
    Builds builds(ClusterHolder holder, BuildProperties properties) {
        return holder.client()
                .<Builds>map(client -> new Fabric8Builds(client, properties.namespace()))
                .orElseGet(Builds::none);
    }

    /** The nodes, for cloud bursting, on the cluster followed; none without one. */
    @Bean
    Nodes nodes(ClusterHolder holder) {
        return holder.client().<Nodes>map(Fabric8Nodes::new).orElseGet(Nodes::none);
    }

    @Bean
    KubernetesHealthIndicator kubernetesHealthIndicator(ClusterHolder holder) {
        return new KubernetesHealthIndicator(holder.client());
    }

    /** Where fabric8 would find a cluster, said for the log; empty when it would find none. */
    static Optional<String> foundCluster(Map<String, String> environment, Path home) {
        String kubeconfig = environment.get("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            return Optional.of("KUBECONFIG " + kubeconfig);
        }
        Path defaultConfig = home.resolve(".kube/config");
        if (Files.isRegularFile(defaultConfig)) {
            return Optional.of("kubeconfig " + defaultConfig);
        }
        if (environment.containsKey("KUBERNETES_SERVICE_HOST") && Files.isRegularFile(SERVICE_ACCOUNT_TOKEN)) {
            return Optional.of("in-cluster service account");
        }
        return Optional.empty();
    }

    /** The cluster and, when one is followed, the client to close at shutdown. */
    record ClusterHolder(Cluster cluster, Optional<KubernetesClient> client) implements DisposableBean {
        @Override
        public void destroy() {
            client.ifPresent(KubernetesClient::close);
        }
    }
}
