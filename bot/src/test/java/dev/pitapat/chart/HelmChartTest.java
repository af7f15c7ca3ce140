package dev.pitapat.chart;

import static dev.pitapat.chart.RenderedChart.NAMESPACE;
import static dev.pitapat.chart.RenderedChart.template;
import static dev.pitapat.chart.RenderedChart.withAppTemplates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.pitapat.chart.RenderedChart.Document;
import dev.pitapat.testing.KubernetesModels;
import dev.pitapat.testing.ReadmeCommands;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Helm chart {@code charts/pitapat}, linted and rendered by Helm itself (helm-java) with its defaults, with every
 * feature on ({@code src/test/resources/chart/full-values.yaml}) and with values it must refuse: the cluster rights
 * of each feature exactly, no secret outside the Secret, the probes and the security context, and every object valid
 * for Kubernetes (its API schema, and no field it does not know).
 */
class HelmChartTest {

    static final Path FULL_VALUES = Path.of("src/test/resources/chart/full-values.yaml");

    static RenderedChart defaults() {
        return template(UnaryOperator.identity());
    }

    static RenderedChart full() {
        return template(t -> withAppTemplates(t.withValuesFile(FULL_VALUES)));
    }

    /** The App's credentials, the GitOps token and the Redis password in Secrets of the operator's own. */
    static RenderedChart existingSecrets() {
        return template(t -> t.set("github.existingSecret", "acme-app")
                .set("github.clientId", "Iv1.fakeclientid")
                .set("gitops.existingSecret", "acme-gitops")
                .set("redis.url", "redis://redis-master:6379")
                .set("redis.existingSecret", "redis")
                .set("replicas", 2));
    }

    @Test
    void passesHelmLintStrictly() {
        LintResult lint = new Helm(RenderedChart.CHART).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void defaultsRunOneReplicaOnTheInMemoryStoreFollowingTheCluster() {
        RenderedChart chart = defaults();

        assertThat(chart.objects())
                .containsExactly(
                        "ClusterRole pitapat-rollouts",
                        "ClusterRoleBinding pitapat-rollouts",
                        "Deployment pitapat",
                        "PodDisruptionBudget pitapat",
                        "Role argocd/pitapat-argocd",
                        "RoleBinding argocd/pitapat-argocd",
                        "Service pitapat",
                        "ServiceAccount pitapat");
        assertThat(chart.deployment().getSpec().getReplicas()).isEqualTo(1);
        assertThat(chart.deployment().getSpec().getStrategy().getType())
                .as("never two replicas of the in-memory store, not even during an upgrade")
                .isEqualTo("Recreate");
        assertThat(chart.env()).doesNotContainKeys("SPRING_DATA_REDIS_URL", "PITAPAT_GITHUB_APP_ID");
        assertThat(chart.env().get("PITAPAT_KUBE_ENABLED").getValue()).isEqualTo("true");
        assertThat(chart.env().get("PITAPAT_KUBE_ARGOCD_NAMESPACE").getValue()).isEqualTo("argocd");
        assertThat(chart.env().get("PITAPAT_BURST_ENABLED").getValue()).isEqualTo("false");
    }

    @Test
    void everyFeatureOnRendersEachObject() {
        RenderedChart chart = full();

        assertThat(chart.objects())
                .containsExactly(
                        "ClusterRole pitapat-burst",
                        "ClusterRole pitapat-rollouts",
                        "ClusterRoleBinding pitapat-burst",
                        "ClusterRoleBinding pitapat-rollouts",
                        "ConfigMap pitapat-dashboard",
                        "ConfigMap pitapat-templates",
                        "Deployment pitapat",
                        "Ingress pitapat",
                        "PodDisruptionBudget pitapat",
                        "Role argo-cd/pitapat-argocd",
                        "Role pitapat-builds/pitapat-builds",
                        "RoleBinding argo-cd/pitapat-argocd",
                        "RoleBinding pitapat-builds/pitapat-builds",
                        "Secret pitapat",
                        "Service pitapat",
                        "ServiceAccount pitapat",
                        "ServiceMonitor pitapat");
        assertThat(chart.deployment().getSpec().getReplicas()).isEqualTo(3);
        assertThat(chart.deployment().getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        Map<String, EnvVar> env = chart.env();
        assertThat(env.get("PITAPAT_QUEUE_WORKERS").getValue()).isEqualTo("32");
        assertThat(env.get("PITAPAT_QUEUE_RECENT_LIMIT").getValue())
                .as("a large number in full, not 2e+06")
                .isEqualTo("2000000");
        assertThat(env.get("PITAPAT_BURST_SCALE_UP_AT").getValue()).isEqualTo("0.85");
        assertThat(env.get("PITAPAT_GITHUB_REPO_ALLOWLIST").getValue()).isEqualTo("acme/*,tools/deployer");
        assertThat(env.get("PITAPAT_KUBE_ARGOCD_NAMESPACE").getValue()).isEqualTo("argo-cd");
        assertThat(env.get("PITAPAT_BUILD_NAMESPACE").getValue()).isEqualTo("pitapat-builds");
        assertThat(env.get("PITAPAT_BURST_ENABLED").getValue()).isEqualTo("true");
        assertThat(env.get("JAVA_TOOL_OPTIONS").getValue()).isEqualTo("-XX:+PrintCommandLineFlags");
        assertThat(env.get("SERVER_FORWARD_HEADERS_STRATEGY").getValue()).isEqualTo("native");

        JsonNode ingress = chart.one("Ingress").tree().path("spec");
        assertThat(ingress.path("rules").path(0).path("host").asString()).isEqualTo("pitapat.example.com");
        assertThat(ingress.path("rules")
                        .path(0)
                        .path("http")
                        .path("paths")
                        .path(0)
                        .path("path")
                        .asString())
                .isEqualTo("/webhooks/github");
        assertThat(ingress.path("tls").path(0).path("secretName").asString()).isEqualTo("pitapat-tls");

        JsonNode monitor = chart.one("ServiceMonitor").tree();
        assertThat(monitor.path("metadata").path("labels").path("release").asString())
                .isEqualTo("prometheus");
        assertThat(monitor.path("spec").path("endpoints").path(0).path("path").asString())
                .isEqualTo("/actuator/prometheus");
        assertThat(monitor.path("spec").path("endpoints").path(0).path("port").asString())
                .isEqualTo(chart.one("Service")
                        .tree()
                        .path("spec")
                        .path("ports")
                        .path(0)
                        .path("name")
                        .asString());
    }

    @Test
    void theDashboardShowsTheBotsMetrics() {
        Document dashboard = full().named("ConfigMap", "pitapat-dashboard");

        assertThat(dashboard
                        .tree()
                        .path("metadata")
                        .path("labels")
                        .path("grafana_dashboard")
                        .asString())
                .isEqualTo("1");
        JsonNode json = JsonMapper.shared()
                .readTree(dashboard.tree().path("data").path("pitapat.json").asString());
        List<String> metrics = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher metric = Pattern.compile("pitapat_[a-z_]+")
                        .matcher(target.path("expr").asString());
                while (metric.find()) {
                    metrics.add(metric.group());
                }
            }
        }
        assertThat(metrics)
                .containsOnly(
                        "pitapat_deliveries_total",
                        "pitapat_queue_depth",
                        "pitapat_handler_duration_seconds_bucket",
                        "pitapat_github_api_calls_total",
                        "pitapat_deploys_total",
                        "pitapat_burst_nodes",
                        "pitapat_burst_decisions_total")
                .contains(
                        "pitapat_deliveries_total",
                        "pitapat_queue_depth",
                        "pitapat_handler_duration_seconds_bucket",
                        "pitapat_github_api_calls_total",
                        "pitapat_deploys_total",
                        "pitapat_burst_nodes");
    }

    @Test
    void theReplacementTemplatesAreMountedWhereTheSettingPoints() throws Exception {
        RenderedChart chart = full();
        JsonNode data = chart.named("ConfigMap", "pitapat-templates").tree().path("data");
        for (String file : RenderedChart.TEMPLATE_FILES) {
            assertThat(data.path(file).asString())
                    .as(file)
                    .isEqualTo(Files.readString(RenderedChart.APP_TEMPLATES.resolve(file)));
        }
        PodSpec pod = chart.deployment().getSpec().getTemplate().getSpec();
        Volume volume = volume(pod, "templates");
        assertThat(volume.getConfigMap().getName()).isEqualTo("pitapat-templates");
        assertThat(mount(pod, "templates").getMountPath())
                .isEqualTo(chart.env().get("PITAPAT_TEMPLATES_DIR").getValue());
        assertThat(defaults().env()).doesNotContainKey("PITAPAT_TEMPLATES_DIR");
    }

    @Test
    void burstingReadsItsGcpKeyFromAMountedSecretOrActsThroughWorkloadIdentity() {
        RenderedChart keyed = full();
        PodSpec pod = keyed.deployment().getSpec().getTemplate().getSpec();
        assertThat(volume(pod, "gcp-credentials").getSecret().getSecretName()).isEqualTo("pitapat-gcp-key");
        assertThat(keyed.env().get("GOOGLE_APPLICATION_CREDENTIALS").getValue())
                .isEqualTo(mount(pod, "gcp-credentials").getMountPath() + "/key.json");

        RenderedChart identity = template(t -> t.set("burst.enabled", true)
                .set("burst.gcpServiceAccount", "pitapat-bot@acme-burst.iam.gserviceaccount.com"));
        assertThat(identity.one("ServiceAccount")
                        .tree()
                        .path("metadata")
                        .path("annotations")
                        .path("iam.gke.io/gcp-service-account")
                        .asString())
                .isEqualTo("pitapat-bot@acme-burst.iam.gserviceaccount.com");
        assertThat(identity.env()).doesNotContainKey("GOOGLE_APPLICATION_CREDENTIALS");
    }

    // ---- cluster rights

    static Stream<Arguments> features() {
        Map<String, List<String>> argocd = Map.of(
                "Role argocd/pitapat-argocd", List.of("argoproj.io applications get,list,watch,patch"),
                "ClusterRole pitapat-rollouts",
                        List.of("argoproj.io rollouts get,list,watch,patch", "argoproj.io rollouts/status patch"));
        Map<String, List<String>> builds = Map.of(
                "Role pitapat-builds/pitapat-builds",
                List.of("argoproj.io workflows create,get,list,watch", "core secrets create"));
        Map<String, List<String>> burst = Map.of(
                "ClusterRole pitapat-burst",
                List.of("core nodes get,list,patch", "core pods list", "core pods/eviction create"));
        UnaryOperator<TemplateCommand> noCluster = t -> t.set("kube.enabled", false);
        return Stream.of(
                Arguments.of("following the cluster (the default)", UnaryOperator.<TemplateCommand>identity(), argocd),
                Arguments.of("no cluster", noCluster, Map.of()),
                Arguments.of(
                        "no RBAC objects", (UnaryOperator<TemplateCommand>) t -> t.set("rbac.create", false), Map.of()),
                Arguments.of(
                        "builds",
                        (UnaryOperator<TemplateCommand>) t -> t.set("builds.enabled", true),
                        merged(argocd, builds)),
                Arguments.of(
                        "bursting",
                        (UnaryOperator<TemplateCommand>) t -> t.set("burst.enabled", true),
                        merged(argocd, burst)),
                Arguments.of(
                        "builds and bursting, Argo CD elsewhere",
                        (UnaryOperator<TemplateCommand>) t -> t.set("builds.enabled", true)
                                .set("burst.enabled", true)
                                .set("kube.argocdNamespace", "argo-cd"),
                        merged(
                                Map.of(
                                        "Role argo-cd/pitapat-argocd",
                                        argocd.get("Role argocd/pitapat-argocd"),
                                        "ClusterRole pitapat-rollouts",
                                        argocd.get("ClusterRole pitapat-rollouts")),
                                builds,
                                burst)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("features")
    void grantsExactlyTheRightsOfTheEnabledFeatures(
            String feature, UnaryOperator<TemplateCommand> values, Map<String, List<String>> rights) {
        RenderedChart chart = template(values);

        Map<String, List<String>> granted = new TreeMap<>();
        for (Document role : Stream.concat(chart.all("Role").stream(), chart.all("ClusterRole").stream())
                .toList()) {
            String key = role.kind() + " " + (role.namespace().isEmpty() ? "" : role.namespace() + "/") + role.name();
            List<PolicyRule> rules = role.kind().equals("Role")
                    ? role.as(Role.class).getRules()
                    : role.as(ClusterRole.class).getRules();
            granted.put(key, rules.stream().map(HelmChartTest::rule).toList());
            // each role is bound to the bot's service account, and to nothing else
            Document binding = chart.named(role.kind() + "Binding", role.name());
            RoleRef roleRef = role.kind().equals("Role")
                    ? binding.as(RoleBinding.class).getRoleRef()
                    : binding.as(ClusterRoleBinding.class).getRoleRef();
            List<Subject> subjects = role.kind().equals("Role")
                    ? binding.as(RoleBinding.class).getSubjects()
                    : binding.as(ClusterRoleBinding.class).getSubjects();
            assertThat(binding.namespace()).isEqualTo(role.namespace());
            assertThat(roleRef.getKind()).isEqualTo(role.kind());
            assertThat(roleRef.getName()).isEqualTo(role.name());
            assertThat(subjects).singleElement().satisfies(subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getName())
                        .isEqualTo(chart.deployment()
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getServiceAccountName());
                assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
            });
        }
        assertThat(granted).isEqualTo(new TreeMap<>(rights));
        assertThat(chart.all("RoleBinding").size()
                        + chart.all("ClusterRoleBinding").size())
                .isEqualTo(rights.size());
        boolean followsTheCluster = !feature.equals("no cluster");
        assertThat(chart.deployment().getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .as("the API token is mounted only for a bot that follows the cluster")
                .isEqualTo(followsTheCluster);
    }

    /** {@code <apiGroups> <resources> <verbs>}, the core group written {@code core}. */
    private static String rule(PolicyRule rule) {
        return String.join(
                        ",",
                        rule.getApiGroups().stream()
                                .map(group -> group.isEmpty() ? "core" : group)
                                .toList())
                + " " + String.join(",", rule.getResources()) + " " + String.join(",", rule.getVerbs());
    }

    @Test
    void grantsTheRightsTheReadmeLists() throws Exception {
        Map<String, List<String>> readme = new TreeMap<>();
        Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(ReadmeCommands.readme());
        while (block.find()) {
            if (!block.group(1).contains("rbac.authorization.k8s.io")) {
                continue;
            }
            try (MappingIterator<JsonNode> documents =
                    new YAMLMapper().readerFor(JsonNode.class).readValues(block.group(1))) {
                for (JsonNode document : documents.readAll()) {
                    readme.put(
                            document.path("kind").asString() + " "
                                    + document.path("metadata").path("name").asString(),
                            document.path("rules")
                                    .valueStream()
                                    .map(r -> RenderedChart.KUBERNETES.unmarshal(r.toString(), PolicyRule.class))
                                    .map(HelmChartTest::rule)
                                    .toList());
                }
            }
        }
        assertThat(readme)
                .containsOnlyKeys(
                        "Role pitapat-argocd",
                        "ClusterRole pitapat-rollouts",
                        "Role pitapat-builds",
                        "ClusterRole pitapat-burst");

        RenderedChart chart = full();
        Map<String, List<String>> granted = new TreeMap<>();
        for (Document role : Stream.concat(chart.all("Role").stream(), chart.all("ClusterRole").stream())
                .toList()) {
            granted.put(
                    role.kind() + " " + role.name(),
                    role.as(ClusterRole.class).getRules().stream()
                            .map(HelmChartTest::rule)
                            .toList());
        }
        assertThat(granted).isEqualTo(readme);
    }

    @SafeVarargs
    private static Map<String, List<String>> merged(Map<String, List<String>>... parts) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (Map<String, List<String>> part : parts) {
            all.putAll(part);
        }
        return all;
    }

    // ---- secrets

    @Test
    void noSecretValueAppearsOutsideTheSecret() {
        RenderedChart chart = full();
        Map<String, String> secrets = fakeSecrets();
        Secret secret = chart.one("Secret").as(Secret.class);
        Map<String, String> stored = new TreeMap<>();
        secret.getData().forEach((key, value) -> stored.put(key, decode(value)));
        // the values given are the ones stored, so the search below looks for what a leak would show
        assertThat(stored)
                .containsEntry("app-id", secrets.get("app-id"))
                .containsEntry("private-key", secrets.get("private-key"))
                .containsEntry("webhook-secret", secrets.get("webhook-secret"))
                .containsEntry("client-secret", secrets.get("client-secret"))
                .containsEntry("gitops-token", secrets.get("gitops-token"))
                .containsEntry("redis-password", "FAKE%20redis%2Fp%40ss%2Bword");

        List<String> needles = new ArrayList<>();
        for (String value : Stream.concat(secrets.values().stream(), stored.values().stream())
                .toList()) {
            needles.add(value);
            needles.add(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
            value.lines()
                    .map(String::strip)
                    .filter(line -> line.length() >= 8 && !line.startsWith("-----"))
                    .forEach(needles::add);
        }
        for (Document document : chart.documents()) {
            if (document.kind().equals("Secret")) {
                continue;
            }
            List<String> texts =
                    new ArrayList<>(List.of(document.text(), document.tree().toString()));
            strings(document.tree(), texts);
            for (String needle : needles) {
                assertThat(texts)
                        .as("%s %s holds a secret", document.kind(), document.name())
                        .noneMatch(text -> text.contains(needle));
            }
        }
    }

    @Test
    void theEnvironmentReadsEverySecretFromTheChartsSecret() {
        RenderedChart chart = full();
        Map<String, EnvVar> env = chart.env();
        Secret secret = chart.one("Secret").as(Secret.class);
        Map<String, String> expected = Map.of(
                "PITAPAT_GITHUB_APP_ID", "app-id",
                "PITAPAT_GITHUB_PRIVATE_KEY", "private-key",
                "PITAPAT_GITHUB_WEBHOOK_SECRET", "webhook-secret",
                "PITAPAT_GITHUB_CLIENT_SECRET", "client-secret",
                "PITAPAT_GITOPS_TOKEN", "gitops-token",
                "REDIS_PASSWORD", "redis-password");
        expected.forEach((name, key) -> {
            EnvVar var = env.get(name);
            assertThat(var).as(name).isNotNull();
            assertThat(var.getValue()).as(name).isNull();
            assertThat(var.getValueFrom().getSecretKeyRef().getName())
                    .as(name)
                    .isEqualTo(secret.getMetadata().getName());
            assertThat(var.getValueFrom().getSecretKeyRef().getKey()).as(name).isEqualTo(key);
            assertThat(secret.getData()).as(name).containsKey(key);
        });
        assertThat(env.get("PITAPAT_GITHUB_CLIENT_ID").getValue()).isEqualTo("Iv1.fakeclientid");
    }

    @Test
    void existingSecretsAreReferencedAndNoSecretIsMade() {
        RenderedChart chart = existingSecrets();
        Map<String, EnvVar> env = chart.env();

        assertThat(chart.all("Secret")).isEmpty();
        Map<String, String> refs = new TreeMap<>();
        env.values().stream()
                .filter(var -> var.getValueFrom() != null)
                .forEach(var -> refs.put(
                        var.getName(),
                        var.getValueFrom().getSecretKeyRef().getName() + "/"
                                + var.getValueFrom().getSecretKeyRef().getKey()));
        assertThat(refs)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "PITAPAT_GITHUB_APP_ID", "acme-app/app-id",
                        "PITAPAT_GITHUB_PRIVATE_KEY", "acme-app/private-key",
                        "PITAPAT_GITHUB_WEBHOOK_SECRET", "acme-app/webhook-secret",
                        "PITAPAT_GITHUB_CLIENT_SECRET", "acme-app/client-secret",
                        "PITAPAT_GITOPS_TOKEN", "acme-gitops/gitops-token",
                        "REDIS_PASSWORD", "redis/redis-password"));
        assertThat(chart.deployment().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("checksum/secret");
    }

    @Test
    void theRedisUrlCarriesThePasswordOnceKubernetesExpandsIt() {
        RenderedChart chart = full();
        List<EnvVar> env = chart.deployment()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv();
        List<String> names = env.stream().map(EnvVar::getName).toList();
        assertThat(names.indexOf("REDIS_PASSWORD"))
                .as("Kubernetes expands $(REDIS_PASSWORD) only from a variable defined before")
                .isBetween(0, names.indexOf("SPRING_DATA_REDIS_URL"));
        String password = decode(chart.one("Secret").as(Secret.class).getData().get("redis-password"));
        String url = chart.env().get("SPRING_DATA_REDIS_URL").getValue();
        assertThat(url).doesNotContain(password);

        URI expanded = URI.create(url.replace("$(REDIS_PASSWORD)", password));

        // Spring Boot reads the user and password from URI.getUserInfo(), split at the first colon
        assertThat(expanded.getUserInfo()).isEqualTo("pitapat:" + fakeSecrets().get("redis-password"));
        assertThat(expanded.getScheme()).isEqualTo("rediss");
        assertThat(expanded.getHost()).isEqualTo("redis.pitapat.svc");
        assertThat(expanded.getPort()).isEqualTo(6379);
        assertThat(expanded.getPath()).isEqualTo("/0");
    }

    // ---- the pod

    @ParameterizedTest(name = "{0}")
    @CsvSource({"defaults", "full"})
    void probesTheActuatorsGroupsAndRunsLockedDown(String values) {
        RenderedChart chart = values.equals("full") ? full() : defaults();
        PodSpec pod = chart.deployment().getSpec().getTemplate().getSpec();
        Container bot = pod.getContainers().getFirst();

        assertProbe(bot.getLivenessProbe(), "/actuator/health/liveness");
        assertProbe(bot.getReadinessProbe(), "/actuator/health/readiness");
        assertProbe(bot.getStartupProbe(), "/actuator/health/liveness");
        assertThat(bot.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getContainerPort()).isEqualTo(8080);
            assertThat(port.getName()).isEqualTo("http");
        });

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(bot.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(bot.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(bot.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(bot.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(bot.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);

        // the writable places on the read-only root: the GitOps working clone and /tmp, each an emptyDir
        assertThat(volume(pod, "data").getEmptyDir()).isNotNull();
        assertThat(volume(pod, "tmp").getEmptyDir()).isNotNull();
        assertThat(mount(pod, "tmp").getMountPath()).isEqualTo("/tmp");
        assertThat(chart.env().get("PITAPAT_GITOPS_WORKDIR").getValue())
                .startsWith(mount(pod, "data").getMountPath() + "/");
        assertThat(bot.getVolumeMounts())
                .filteredOn(m -> !Boolean.TRUE.equals(m.getReadOnly()))
                .extracting(VolumeMount::getName)
                .containsExactlyInAnyOrder("data", "tmp");

        assertThat(bot.getResources().getLimits()).containsKey("memory");
        assertThat(bot.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(bot.getCommand())
                .as("the image's entrypoint, with the shipped JVM flags")
                .isNullOrEmpty();
        assertThat(bot.getArgs()).isNullOrEmpty();

        Map<String, String> podLabels =
                chart.deployment().getSpec().getTemplate().getMetadata().getLabels();
        for (String kind : List.of("Service", "PodDisruptionBudget")) {
            JsonNode selector = chart.one(kind).tree().path("spec").path("selector");
            Map<String, String> labels = new TreeMap<>();
            (kind.equals("Service") ? selector : selector.path("matchLabels"))
                    .properties()
                    .forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            assertThat(labels).as(kind).isNotEmpty();
            assertThat(podLabels).as(kind).containsAllEntriesOf(labels);
        }
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).as(path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(8080);
    }

    // ---- Kubernetes' schema

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("defaults", (Supplier<RenderedChart>) HelmChartTest::defaults),
                Arguments.of("every feature", (Supplier<RenderedChart>) HelmChartTest::full),
                Arguments.of("existing secrets", (Supplier<RenderedChart>) HelmChartTest::existingSecrets),
                Arguments.of(
                        "no cluster", (Supplier<RenderedChart>) () -> template(t -> t.set("kube.enabled", false))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyObjectIsValidForKubernetes(String values, Supplier<RenderedChart> rendering) {
        RenderedChart chart = rendering.get();

        assertThat(KubernetesSchema.problems(
                        chart.documents().stream().map(Document::tree).toList()))
                .isEmpty();
        for (Document document : chart.documents()) {
            Object model = RenderedChart.KUBERNETES.unmarshal(document.tree().toString());
            assertThat(model)
                    .as("%s %s has a typed model", document.kind(), document.name())
                    .isNotInstanceOf(GenericKubernetesResource.class);
            KubernetesModels.assertNoUnknownFields(model, document.kind() + " " + document.name());
        }
    }

    // ---- the values reference

    @Test
    void theChartsReadmeDocumentsEveryValueAndSetting() throws Exception {
        String readme = Files.readString(RenderedChart.CHART.resolve("README.md"));
        JsonNode schema = JsonMapper.shared()
                .readTree(RenderedChart.CHART.resolve("values.schema.json").toFile());
        List<String> keys = new ArrayList<>();
        valueKeys(schema, "", keys);
        schema.path("properties")
                .path("config")
                .path("properties")
                .propertyNames()
                .forEach(keys::add);

        assertThat(keys).hasSizeGreaterThan(100);
        assertThat(keys).allSatisfy(key -> assertThat(readme).as(key).contains("`" + key + "`"));
    }

    @Test
    void configTakesEverySettingOfTheBotThatNoOtherValueSets() {
        JsonNode schema = JsonMapper.shared()
                .readTree(RenderedChart.CHART.resolve("values.schema.json").toFile());
        Set<String> config = new TreeSet<>();
        schema.path("properties")
                .path("config")
                .path("properties")
                .propertyNames()
                .forEach(key -> config.add("pitapat." + key));
        Set<String> bySetting = Set.of(
                // secrets, from the chart's Secret or an existing one
                "pitapat.github.app-id",
                "pitapat.github.private-key",
                "pitapat.github.webhook-secret",
                "pitapat.github.client-id",
                "pitapat.github.client-secret",
                "pitapat.gitops.token",
                // set by the chart from its own keys
                "pitapat.gitops.workdir",
                "pitapat.templates-dir",
                "pitapat.kube.enabled",
                "pitapat.kube.argocd-namespace",
                "pitapat.build.namespace",
                "pitapat.burst.enabled",
                // the private key is given as text; the first run's stand-in is not for a cluster
                "pitapat.github.private-key-file",
                "pitapat.local-github.dir",
                // where the setup page writes a new App's settings: for a bot run outside a cluster
                "pitapat.setup.write-to");
        Set<String> bot = BotSettings.all();

        assertThat(bot)
                .contains("pitapat.burst.instance-group", "pitapat.tls.cluster-issuer", "pitapat.shutdown-grace");
        assertThat(bot).containsAll(config).containsAll(bySetting);
        Set<String> uncovered = new TreeSet<>(bot);
        uncovered.removeAll(config);
        uncovered.removeAll(bySetting);
        assertThat(uncovered)
                .as("settings neither config nor another value sets")
                .isEmpty();
    }

    /** The keys of values, as {@code a.b.c}; a value the schema does not break down (a map, a list) is one key. */
    private static void valueKeys(JsonNode schema, String path, List<String> into) {
        boolean whole = List.of("resources", "affinity", "templates", "config").contains(path);
        if (!schema.has("properties") || whole) {
            into.add(path);
            return;
        }
        schema.path("properties")
                .properties()
                .forEach(e -> valueKeys(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), into));
    }

    // ---- refusals

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            replica=2                                       | additional properties 'replica' not allowed
            github.appid=12                                 | additional properties 'appid' not allowed
            ingress.hostname=pitapat.example.com            | additional properties 'hostname' not allowed
            config.queue\\.workerz=2                        | additional properties 'queue.workerz' not allowed
            config.queue\\.workers=many                     | /config/queue.workers
            templates.rollout\\.yaml=kind: Rollout          | missing properties 'service-active.yaml'
            replicas=2                                      | replicas: 2 needs Redis: set redis.url
            redis.url=redis://:hunter2@redis:6379           | redis.url holds a user or password
            config.gitops\\.repo=https://x:t@github.com/a/b | config gitops.repo holds a user or password
            github.appId=12                                 | github.appId and github.privateKey go together
            github.existingSecret=app;github.webhookSecret=s | give the App's credentials one way
            redis.password=s                                | redis.password or redis.existingSecret is set without redis.url
            builds.enabled=true;kube.enabled=false          | builds.enabled needs kube.enabled
            burst.enabled=true;kube.enabled=false           | burst.enabled needs kube.enabled
            ingress.enabled=true                            | ingress.enabled needs ingress.host
            """)
    void refusesValuesItCannotInstall(String sets, String message) {
        assertThatThrownBy(() -> template(t -> {
                    for (String set : sets.split(";")) {
                        String[] keyValue = set.split("=", 2);
                        t = t.set(keyValue[0], keyValue[1]);
                    }
                    return t;
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(message);
    }

    // ---- helpers

    /** The fake secrets of the full values, by the chart Secret's key. */
    private static Map<String, String> fakeSecrets() {
        JsonNode values = new YAMLMapper().readTree(FULL_VALUES.toFile());
        return Map.of(
                "app-id", values.path("github").path("appId").asString(),
                "private-key", values.path("github").path("privateKey").asString(),
                "webhook-secret", values.path("github").path("webhookSecret").asString(),
                "client-secret", values.path("github").path("clientSecret").asString(),
                "gitops-token", values.path("gitops").path("token").asString(),
                "redis-password", values.path("redis").path("password").asString());
    }

    private static void strings(JsonNode node, List<String> into) {
        if (node.isString()) {
            into.add(node.asString());
        }
        node.values().forEach(child -> strings(child, into));
        node.properties().forEach(e -> into.add(e.getKey()));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static VolumeMount mount(PodSpec pod, String name) {
        return pod.getContainers().getFirst().getVolumeMounts().stream()
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no mount of " + name));
    }
}
