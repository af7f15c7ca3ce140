package dev.pitapat.config;

import static dev.pitapat.config.RepoConfigsTest.problems;
import static dev.pitapat.config.RepoConfigsTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.model.EnvName;
import dev.pitapat.model.Permission;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Two reads, one policy: policy keys from the default branch, app keys from the deployed commit. */
class PolicySplitTest {

    private static final String DEFAULT_BRANCH = """
            app: hello
            port: 8080
            replicas: 2
            limits: { replicas: 3, cpu: "2", memory: 1Gi }
            environments:
              staging: {}
              production: { required-permission: admin, after: staging }
            """;

    private static ConfigResult deploy(String prFile) {
        return RepoConfigs.resolve("acme", "hello", Optional.of(DEFAULT_BRANCH), Optional.of(prFile));
    }

    @Test
    void ignoresPolicyKeysInThePullRequestsFile() {
        RepoConfig config = valid(deploy("""
                app: someone-else
                image: ghcr.io/mallory/miner
                secret-refs: [prod-db]
                previews: false
                limits: { replicas: 1000, cpu: "64", memory: 512Gi }
                environments:
                  production: { required-permission: write }
                  mine: {}
                port: 9090
                """));

        RepoConfig onDefaultBranch = valid(RepoConfigs.resolve("acme", "hello", Optional.of(DEFAULT_BRANCH)));
        assertThat(config.app()).isEqualTo(onDefaultBranch.app());
        assertThat(config.image()).isEqualTo("ghcr.io/acme/hello");
        assertThat(config.secretRefs()).isEmpty();
        assertThat(config.previews()).isTrue();
        assertThat(config.limits()).isEqualTo(onDefaultBranch.limits());
        assertThat(config.environments()).isEqualTo(onDefaultBranch.environments());
        assertThat(config.environments().get(new EnvName("production")).requiredPermission())
                .isEqualTo(Permission.ADMIN);
        assertThat(config.port()).isEqualTo(9090);
    }

    @Test
    void readsAppKeysAtTheDeployedCommitWithoutFallingBackKeyByKey() {
        RepoConfig config = valid(deploy("health-path: /ready\n"));

        assertThat(config.healthPath()).isEqualTo("/ready");
        assertThat(config.replicas()).isEqualTo(1);
    }

    @Test
    void readsAppKeysFromTheDefaultBranchWhenTheCommitHasNoFile() {
        RepoConfig config = valid(RepoConfigs.resolve("acme", "hello", Optional.of(DEFAULT_BRANCH), Optional.empty()));

        assertThat(config.replicas()).isEqualTo(2);
    }

    @Test
    void refusesReplicasAboveTheDefaultBranchsLimitEvenWhenThePullRequestRaisesIt() {
        var problems = problems(deploy("""
                replicas: 10000
                limits: { replicas: 100000 }
                """));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("replicas");
            assertThat(problem.problem()).contains("10000").contains("limits.replicas (3)");
            assertThat(problem.rule()).contains("limits.replicas");
        });
    }

    @Test
    void comparesQuantitiesByAmount() {
        RepoConfig config = valid(deploy("resources: { cpu: 500m, memory: 512Mi }\n"));

        assertThat(config.resources().cpu()).contains(new Quantity("500m"));
        assertThat(config.resources().memory()).contains(new Quantity("512Mi"));
        assertThat(problems(deploy("resources: { cpu: 2001m, memory: 1025Mi }\n")))
                .extracting(ConfigProblem::path, ConfigProblem::rule)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "resources.cpu",
                                "resources.cpu is at most limits.cpu, which only the default" + " branch sets"),
                        org.assertj.core.groups.Tuple.tuple(
                                "resources.memory",
                                "resources.memory is at most limits.memory, which only the" + " default branch sets"));
    }

    @Test
    void refusesUnknownKeysInThePullRequestsFileToo() {
        assertThat(problems(deploy("replica: 2\n")))
                .extracting(ConfigProblem::path)
                .containsExactly("replica");
    }

    @Test
    void holdsTheAutoscalersCeilingToTheDefaultBranchsLimitEvenWhenThePullRequestRaisesIt() {
        var problems = problems(deploy("""
                resources: { cpu: 500m }
                autoscaling: { max-replicas: 50 }
                limits: { replicas: 100 }
                """));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("autoscaling.max-replicas");
            assertThat(problem.problem()).contains("50").contains("limits.replicas (3)");
            assertThat(problem.rule()).contains("only the default branch sets");
        });
        assertThat(valid(deploy("resources: { cpu: 500m }\nautoscaling: { max-replicas: 3 }\n"))
                        .autoscaling())
                .contains(new Autoscaling(3, Autoscaling.DEFAULT_CPU_PERCENT));
    }

    @Test
    void readsAutoscalingAtTheDeployedCommitLikeReplicas() {
        String withAutoscaling = DEFAULT_BRANCH + "resources: { cpu: 500m }\nautoscaling: { max-replicas: 3 }\n";

        RepoConfig removedInThePullRequest = valid(RepoConfigs.resolve(
                "acme", "hello", Optional.of(withAutoscaling), Optional.of("resources: { cpu: 500m }\n")));
        RepoConfig addedInThePullRequest =
                valid(deploy("resources: { cpu: 500m }\nautoscaling: { max-replicas: 3 }\n"));

        assertThat(removedInThePullRequest.autoscaling()).isEmpty();
        assertThat(addedInThePullRequest.autoscaling()).isPresent();
    }
}
