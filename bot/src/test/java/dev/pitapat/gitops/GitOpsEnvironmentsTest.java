package dev.pitapat.gitops;

import static dev.pitapat.gitops.GitOpsRig.deploy;
import static dev.pitapat.gitops.GitOpsRig.files;
import static dev.pitapat.gitops.GitOpsRig.id;
import static dev.pitapat.gitops.GitOpsRig.target;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GitOpsWriter#environments()}: the {@code apps/<app>/<env>/} folders at the branch head. */
class GitOpsEnvironmentsTest {

    @TempDir
    Path tmp;

    private GitOpsRig rig;
    private GitOpsWriter writer;

    @BeforeEach
    void setUp() throws Exception {
        rig = new GitOpsRig(tmp);
        writer = rig.writer();
    }

    @AfterEach
    void tearDown() {
        writer.close();
    }

    @Test
    void anEmptyRepositoryHasNoEnvironments() {
        assertThat(writer.environments()).isEmpty();
    }

    @Test
    void listsTheFoldersAtTheHeadByAppThenEnvironmentLeavingOutRemovedAndForeignOnes() throws Exception {
        writer.commit(deploy(target("hello", "staging"), 1, files("rollout.yaml", "a")));
        writer.commit(deploy(target("hello", "production"), 2, files("rollout.yaml", "b")));
        writer.commit(deploy(target("hello-api", "qa"), 3, files("rollout.yaml", "c")));
        writer.commit(deploy(target("billing", "pr-7"), 4, files("rollout.yaml", "d")));
        writer.commit(
                new Change(target("billing", "pr-7"), Map.of(), Action.UNDEPLOY, GitOpsRig.SOURCE, id(5), "alice"));
        writer.commit(deploy(target("billing", "qa"), 6, files("rollout.yaml", "e")));
        rig.competitorPushes("apps/Not_A_Label/staging/rollout.yaml", "x");
        rig.competitorPushes("apps/hello/README.md", "not an environment");
        rig.competitorPushes("clusters/hello/staging/thing.yaml", "elsewhere");

        assertThat(writer.environments())
                .containsExactly(
                        target("billing", "qa"),
                        target("hello", "production"),
                        target("hello", "staging"),
                        target("hello-api", "qa"));
    }
}
