package dev.pitapat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.config.ConfigResult;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.gitops.Action;
import dev.pitapat.gitops.Change;
import dev.pitapat.gitops.CommitResult;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.gitops.SourceRef;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.render.ManifestRenderer;
import dev.pitapat.render.RenderSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The autoscaler lives and dies with the {@code autoscaling} key: rendered and committed to a real GitOps
 * repository, a deploy with the key adds {@code hpa.yaml} to the environment's folder and the next deploy without
 * it removes the file again, giving the count back to the Rollout's {@code spec.replicas}.
 */
class AutoscalingFolderTest {

    private static final Sha SHA = new Sha("6dcb09b5b57875f334f61aebed695e2e4193db5e");
    private static final String FIXED = "replicas: 2\nresources: { cpu: 250m }\n";

    @TempDir
    Path tmp;

    @Test
    void aDeployThatDropsAutoscalingRemovesTheAutoscalerFromTheFolder() throws Exception {
        Path remote = tmp.resolve("gitops.git");
        Git.init()
                .setBare(true)
                .setInitialBranch("main")
                .setDirectory(remote.toFile())
                .call()
                .close();
        ManifestRenderer renderer = ManifestRenderer.fromClasspath();
        Clock clock = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);
        try (GitOpsWriter writer = new GitOpsWriter(
                remote.toString(), "main", tmp.resolve("work"), GitOpsWriter.DEFAULT_IDENTITY, clock)) {
            RepoConfig scaled = config(FIXED + "autoscaling: { max-replicas: 5 }\n");
            Target target = new Target(scaled.app(), scaled.environmentNames().getFirst());

            Map<String, byte[]> first = deploy(writer, renderer, scaled, target, 1);
            Map<String, byte[]> second = deploy(writer, renderer, config(FIXED), target, 2);

            assertThat(first).containsKey("hpa.yaml");
            assertThat(text(first, "rollout.yaml")).doesNotContain("replicas: 2");
            assertThat(second.keySet())
                    .containsExactlyInAnyOrder(
                            "rollout.yaml", "service-active.yaml", "service-preview.yaml", "ingress.yaml");
            assertThat(text(second, "rollout.yaml")).contains("replicas: 2");
        }
    }

    /** Commits the rendered files and returns the folder as the new commit holds it. */
    private static Map<String, byte[]> deploy(
            GitOpsWriter writer, ManifestRenderer renderer, RepoConfig config, Target target, int id) {
        Map<String, byte[]> files =
                renderer.render(config, target, SHA, RenderSettings.DEFAULT).files();
        CommitResult result = writer.commit(new Change(
                target,
                files,
                Action.DEPLOY,
                new SourceRef("acme/hello", SHA),
                new DeploymentId(String.format("d-%012x", id)),
                "alice"));
        assertThat(result).isInstanceOf(CommitResult.Committed.class);
        String commit = ((CommitResult.Committed) result).commitSha();
        return writer.treeOf(target, new Sha(commit)).orElseThrow();
    }

    private static RepoConfig config(String yaml) {
        return ((ConfigResult.Valid) RepoConfigs.resolve("acme", "hello", Optional.of(yaml))).config();
    }

    private static String text(Map<String, byte[]> files, String name) {
        return new String(files.get(name), StandardCharsets.UTF_8);
    }
}
