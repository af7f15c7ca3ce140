package dev.pitapat.kube;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.testing.GitHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The shipped build template ({@code gitops-templates/workflows/build.yaml}): valid for Argo Workflows' API, never
 * privileged nor root, limited, fetching exactly the sha with a token only a Secret holds, and building with
 * rootless BuildKit. Its fetch script is run for real against a smart-HTTP Git server that wants the token.
 */
class BuildTemplateTest {

    static final Path TEMPLATE = Path.of("../gitops-templates/workflows/build.yaml");
    private static final YAMLMapper YAML = new YAMLMapper();

    static JsonNode template() throws Exception {
        return YAML.readTree(Files.readString(TEMPLATE));
    }

    /** Every container of every template: init containers, the main one, sidecars. */
    private static List<JsonNode> containers(JsonNode template) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode t : template.path("spec").path("templates")) {
            t.path("initContainers").forEach(all::add);
            t.path("sidecars").forEach(all::add);
            if (t.has("container")) {
                all.add(t.get("container"));
            }
            if (t.has("script")) {
                all.add(t.get("script"));
            }
            t.path("containerSet").path("containers").forEach(all::add);
        }
        return all;
    }

    @Test
    void isAValidWorkflowTemplateNamedAsTheBotRefersToIt() throws Exception {
        JsonNode template = template();

        assertThat(ArgoWorkflowsSchema.problems(template)).isEmpty();
        assertThat(template.path("kind").asString()).isEqualTo("WorkflowTemplate");
        assertThat(template.path("metadata").path("name").asString()).isEqualTo("pitapat-build");
        assertThat(template.path("spec").path("arguments").path("parameters").findValuesAsString("name"))
                .contains("repository", "sha", "image", "clone-secret", "registry-secret");
    }

    @Test
    void theSchemaRefusesWhatArgoWouldRefuse() throws Exception {
        ObjectNode broken = (ObjectNode) template();
        ((ObjectNode) broken.path("spec")
                        .path("templates")
                        .get(0)
                        .path("container")
                        .path("securityContext"))
                .put("privileged", "no");
        ((ObjectNode) broken.path("spec")).put("activeDeadlineSeconds", "an hour");

        assertThat(ArgoWorkflowsSchema.problems(broken))
                .containsExactlyInAnyOrder(
                        "/spec/activeDeadlineSeconds type {\"type\":\"integer\"}",
                        "/spec/templates/0/container/securityContext/privileged type {\"type\":\"boolean\"}");
    }

    @Test
    void noContainerIsPrivilegedOrRootAndEachHasLimits() throws Exception {
        JsonNode template = template();
        JsonNode pod = template.path("spec").path("securityContext");

        assertThat(Files.readString(TEMPLATE))
                .doesNotContainPattern("privileged:\\s*true")
                .doesNotContain("hostPath");
        assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("runAsUser").asInt()).isPositive();
        assertThat(containers(template)).hasSize(2).allSatisfy(container -> {
            JsonNode security = container.path("securityContext");
            assertThat(security.path("privileged").asBoolean(false)).isFalse();
            assertThat(security.path("runAsUser").asInt(pod.path("runAsUser").asInt()))
                    .isPositive();
            assertThat(container.path("resources").path("limits").path("cpu").isMissingNode())
                    .isFalse();
            assertThat(container.path("resources").path("limits").path("memory").isMissingNode())
                    .isFalse();
        });
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            assertThat(template.path("spec").path(host).asBoolean(false)).isFalse();
        }
    }

    @Test
    void buildsWithRootlessBuildKitAndPushesTheImageWithTheNamedRegistrySecret() throws Exception {
        JsonNode template = template();
        JsonNode build = template.path("spec").path("templates").get(0).path("container");
        Map<String, String> env = env(build);

        assertThat(Files.readString(TEMPLATE)).doesNotContainIgnoringCase("kaniko");
        assertThat(build.path("image").asString()).isEqualTo("{{workflow.parameters.builder-image}}");
        assertThat(template.path("spec").path("arguments").path("parameters").findParents("name").stream()
                        .filter(p -> p.path("name").asString().equals("builder-image"))
                        .map(p -> p.path("value").asString()))
                .singleElement()
                .satisfies(
                        image -> assertThat(image).startsWith("moby/buildkit:").endsWith("-rootless"));
        assertThat(build.path("command").get(0).asString()).isEqualTo("buildctl-daemonless.sh");
        assertThat(env).containsEntry("BUILDKITD_FLAGS", "--oci-worker-no-process-sandbox");
        assertThat(build.path("args").findValuesAsString("")).isEmpty(); // args are plain strings
        List<String> args = new ArrayList<>();
        build.path("args").forEach(a -> args.add(a.asString()));
        assertThat(args).contains("--output=type=image,name={{workflow.parameters.image}},push=true");
        assertThat(env).containsEntry("DOCKER_CONFIG", "/home/user/.docker");
        JsonNode registry = template.path("spec").path("volumes").findParents("name").stream()
                .filter(v -> v.path("name").asString().equals("registry"))
                .findFirst()
                .orElseThrow();
        assertThat(registry.path("secret").path("secretName").asString())
                .isEqualTo("{{workflow.parameters.registry-secret}}");
        assertThat(registry.path("secret").path("items").get(0).path("path").asString())
                .isEqualTo("config.json");
    }

    @Test
    void theCloneTokenComesOnlyFromTheSecretTheWorkflowOwns() throws Exception {
        JsonNode template = template();
        JsonNode fetch = template.path("spec")
                .path("templates")
                .get(0)
                .path("initContainers")
                .get(0);
        JsonNode token = fetch.path("env").findParents("name").stream()
                .filter(e -> e.path("name").asString().equals("CLONE_TOKEN"))
                .findFirst()
                .orElseThrow();

        assertThat(token.path("value").isMissingNode()).isTrue();
        assertThat(token.path("valueFrom").path("secretKeyRef").path("name").asString())
                .isEqualTo("{{workflow.parameters.clone-secret}}");
        assertThat(template.path("spec").path("arguments").path("parameters").findValuesAsString("name"))
                .noneMatch(name -> name.contains("token") || name.contains("password"));
        String script = fetch.path("args").get(0).asString();
        assertThat(script).doesNotContain("set -x").doesNotContain("clone").doesNotContain("--branch");
        // read once, inside the credential helper that git runs, never expanded into a command line
        assertThat(script.replace("echo \"password=$CLONE_TOKEN\"", "")).doesNotContain("CLONE_TOKEN");
    }

    /**
     * The init container's script, run as it is with git against a smart-HTTP server that wants {@code
     * x-access-token:<token>} (as GitHub does): it fetches exactly the sha asked for, an older commit than the
     * branch's head too, and never prints the token; a wrong token fails it.
     */
    @Test
    void theFetchScriptFetchesExactlyTheShaWithTheTokenAndNeverPrintsIt(@TempDir Path dir) throws Exception {
        String tokenValue = "ghs_buildTokenNeverPrinted0123456789";
        try (GitHttpServer server = GitHttpServer.start(dir.resolve("server"), tokenValue)) {
            StoredConfig served = server.open().getConfig();
            served.setBoolean("uploadpack", null, "allowReachableSHA1InWant", true); // as GitHub allows
            served.save();
            Path work = dir.resolve("app");
            RevCommit older;
            try (Git git = Git.init()
                    .setInitialBranch("main")
                    .setDirectory(work.toFile())
                    .call()) {
                Files.writeString(work.resolve("Dockerfile"), "FROM scratch\n");
                git.add().addFilepattern("Dockerfile").call();
                older = git.commit().setMessage("first").setSign(false).call();
                Files.writeString(work.resolve("Dockerfile"), "FROM scratch\nLABEL second=1\n");
                git.add().addFilepattern("Dockerfile").call();
                git.commit().setMessage("second").setSign(false).call();
                git.push()
                        .setRemote(server.url())
                        .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("main:main"))
                        .setCredentialsProvider(new org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider(
                                GitHttpServer.USER, tokenValue))
                        .call();
            }

            Run ok = fetch(dir.resolve("ok"), server.url(), older.name(), tokenValue);
            Run refused = fetch(dir.resolve("refused"), server.url(), older.name(), "ghs_wrong");

            assertThat(ok.exit()).as(ok.output()).isZero();
            assertThat(ok.output()).contains("fetched " + older.name()).doesNotContain(tokenValue);
            assertThat(Files.readString(dir.resolve("ok/src/Dockerfile"))).isEqualTo("FROM scratch\n");
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.output()).doesNotContain("ghs_wrong").doesNotContain(tokenValue);
            assertThat(server.presented()).contains(GitHttpServer.USER + ":" + tokenValue);
        }
    }

    private record Run(int exit, String output) {}

    private static Run fetch(Path workspace, String repository, String sha, String token) throws Exception {
        JsonNode fetch = template()
                .path("spec")
                .path("templates")
                .get(0)
                .path("initContainers")
                .get(0);
        Files.createDirectories(workspace);
        ProcessBuilder sh = new ProcessBuilder(
                        "sh", "-c", fetch.path("args").get(0).asString())
                .directory(workspace.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = sh.environment();
        env.put("REPOSITORY", repository);
        env.put("SHA", sha);
        env.put("SOURCE", workspace.resolve("src").toString());
        env.put("HOME", workspace.toString());
        env.put("CLONE_TOKEN", token);
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        Process process = sh.start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            if (e.has("value")) {
                env.put(e.path("name").asString(), e.path("value").asString());
            }
        }
        return env;
    }
}
