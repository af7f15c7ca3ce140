package dev.pitapat.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Permission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RepoConfigsTest {

    static final String DESIGN_EXAMPLE = """
            app: hello                      # default: repository name, lower-cased
            image: ghcr.io/acme/hello       # default: ghcr.io/<owner>/<repo>; the tag is the commit sha
            build: argo-workflows           # or: external (an existing CI pushes <image>:<sha>)
            port: 8080
            health-path: /healthz
            replicas: 2
            resources: { cpu: 250m, memory: 256Mi }
            env: { LOG_LEVEL: info }        # plain values
            secret-refs: [hello-db]         # existing Kubernetes Secrets, mounted with envFrom
            previews: true                  # /deploy on a PR without env -> pr-<number>
            limits: { replicas: 10, cpu: "2", memory: 4Gi }   # ceilings for the app keys (these are the defaults)
            environments:
              staging:    { deploy-on: push }
              production: { promotion: manual, required-permission: maintain, host: hello.example.com, after: staging,
                            requires: [approved, checks-passed] }   # the PR is approved / its checks are green
            """;

    static RepoConfig valid(ConfigResult result) {
        assertThat(result).isInstanceOf(ConfigResult.Valid.class);
        return ((ConfigResult.Valid) result).config();
    }

    static List<ConfigProblem> problems(ConfigResult result) {
        assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
        return ((ConfigResult.Invalid) result).problems();
    }

    static ConfigResult read(String yaml) {
        return RepoConfigs.resolve("acme", "hello", Optional.of(yaml));
    }

    @Test
    void readsTheDesignExampleToExactlyTheValuesShown() {
        RepoConfig config = valid(read(DESIGN_EXAMPLE));

        assertThat(config)
                .isEqualTo(new RepoConfig(
                        new AppName("hello"),
                        "ghcr.io/acme/hello",
                        new Build.ArgoWorkflows(),
                        8080,
                        "/healthz",
                        2,
                        Optional.empty(),
                        new Resources(Optional.of(new Quantity("250m")), Optional.of(new Quantity("256Mi"))),
                        Map.of("LOG_LEVEL", "info"),
                        List.of("hello-db"),
                        true,
                        new Limits(10, new Quantity("2"), new Quantity("4Gi")),
                        Map.of(
                                new EnvName("staging"),
                                new Environment(
                                        Optional.of(DeployOn.PUSH),
                                        Promotion.AUTO,
                                        Permission.WRITE,
                                        Optional.empty(),
                                        Optional.empty(),
                                        Set.of(),
                                        Optional.empty(),
                                        Optional.empty()),
                                new EnvName("production"),
                                new Environment(
                                        Optional.empty(),
                                        Promotion.MANUAL,
                                        Permission.MAINTAIN,
                                        Optional.of("hello.example.com"),
                                        Optional.of(new EnvName("staging")),
                                        Set.of(Requirement.APPROVED, Requirement.CHECKS_PASSED),
                                        Optional.empty(),
                                        Optional.empty()))));
        assertThat(config.environmentNames()).containsExactly(new EnvName("staging"), new EnvName("production"));
        assertThat(config.limits()).isEqualTo(Limits.DEFAULT);
    }

    @Test
    void keepsEnvironmentsAndEnvInTheOrderWritten() {
        RepoConfig config = valid(read("""
                env: { ZED: "1", ALPHA: "2", MIDDLE: "3" }
                environments: { zulu: {}, alpha: {}, mike: {} }
                """));

        assertThat(config.environmentNames()).extracting(EnvName::value).containsExactly("zulu", "alpha", "mike");
        assertThat(config.env().keySet()).containsExactly("ZED", "ALPHA", "MIDDLE");
    }

    @Test
    void usesTheDefaultsWhenTheFileIsMissing() {
        RepoConfig config = valid(RepoConfigs.resolve("Acme", "Hello-World", Optional.empty(), Optional.empty()));

        assertThat(config)
                .isEqualTo(new RepoConfig(
                        new AppName("hello-world"),
                        "ghcr.io/acme/hello-world",
                        Build.AT_ONCE,
                        8080,
                        "/",
                        1,
                        Optional.empty(),
                        Resources.NONE,
                        Map.of(),
                        List.of(),
                        true,
                        Limits.DEFAULT,
                        Map.of(new EnvName("staging"), Environment.DEFAULT)));
    }

    @Test
    void readsAnEmptyFileAsTheDefaults() {
        assertThat(valid(read("# nothing yet\n")))
                .isEqualTo(valid(RepoConfigs.resolve("acme", "hello", Optional.empty())));
    }

    @Test
    void asksForAnAppKeyWhenTheRepositoryNameIsNotAnAppName() {
        List<ConfigProblem> problems = problems(RepoConfigs.resolve("acme", "My_Repo", Optional.empty()));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("app");
            assertThat(problem.rule()).contains("set app:");
        });
        assertThat(valid(RepoConfigs.resolve("acme", "My_Repo", Optional.of("app: my-repo\n")))
                        .app())
                .isEqualTo(new AppName("my-repo"));
    }

    @Test
    void acceptsExternalBuildsAndEnvValuesWrittenAsNumbersOrBooleans() {
        RepoConfig config = valid(read("""
                build: external
                env: { WORKERS: 4, DEBUG: false, RATIO: 0.5, EMPTY: "" }
                replicas: 10
                resources: { cpu: 2, memory: 4Gi }
                environments: { staging: , production: { required-permission: admin, after: staging } }
                """));

        assertThat(config.build()).isEqualTo(new Build.External(Optional.empty()));
        assertThat(config.env())
                .containsExactly(
                        Map.entry("WORKERS", "4"),
                        Map.entry("DEBUG", "false"),
                        Map.entry("RATIO", "0.5"),
                        Map.entry("EMPTY", ""));
        assertThat(config.environments().get(new EnvName("staging"))).isEqualTo(Environment.DEFAULT);
        assertThat(config.environments().get(new EnvName("production")).requiredPermission())
                .isEqualTo(Permission.ADMIN);
    }

    @Test
    void buildIsExternalByDefaultAndWaitsForTheNamedCheckOnlyWhenBuildCheckIsSet() {
        assertThat(valid(read("port: 8080\n")).build()).isEqualTo(Build.AT_ONCE);
        assertThat(valid(read("build-check: ci/build\n")).build())
                .isEqualTo(new Build.External(Optional.of("ci/build")));
        assertThat(valid(read("build: external\nbuild-check: \"CI / image (linux)\"\n"))
                        .build())
                .isEqualTo(new Build.External(Optional.of("CI / image (linux)")));
        assertThat(valid(read("build: argo-workflows\n")).build()).isEqualTo(new Build.ArgoWorkflows());
    }

    @Test
    void refusesABuildCheckThatIsNoCheckNameOrComesWithPitapatsOwnBuild() {
        assertThat(problems(read("build: argo-workflows\nbuild-check: ci/build\n")))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.path()).isEqualTo("build-check");
                    assertThat(problem.problem()).isEqualTo("it is set with build: argo-workflows");
                    assertThat(problem.rule()).contains("build: external");
                });
        assertThat(problems(read("build-check: \"\"\n")))
                .singleElement()
                .satisfies(problem -> assertThat(problem.problem()).isEqualTo("it is empty"));
        assertThat(problems(read("build-check: \"a\\nb\"\n")))
                .singleElement()
                .satisfies(problem -> assertThat(problem.rule()).contains("on one line"));
        assertThat(problems(read("build-check: " + "x".repeat(AppKeys.MAX_BUILD_CHECK + 1) + "\n")))
                .singleElement()
                .satisfies(problem -> assertThat(problem.problem()).isEqualTo("it is not a check name"));
        assertThat(problems(read("build-check: [a, b]\n")))
                .singleElement()
                .satisfies(problem -> assertThat(problem.path()).isEqualTo("build-check"));
        assertThat(problems(read("build: docker\n")))
                .singleElement()
                .satisfies(problem ->
                        assertThat(problem.rule()).contains("argo-workflows").contains("external"));
    }

    @Test
    void readsAutoscalingWithReplicasAsTheFewestAndEightyPercentByDefault() {
        RepoConfig config = valid(read("""
                replicas: 2
                resources: { cpu: 250m }
                autoscaling: { max-replicas: 6 }
                """));

        assertThat(config.replicas()).isEqualTo(2);
        assertThat(config.autoscaling()).contains(new Autoscaling(6, Autoscaling.DEFAULT_CPU_PERCENT));
        assertThat(valid(read("resources: { cpu: 1 }\nautoscaling: { max-replicas: 10, cpu-percent: 65 }\n"))
                        .autoscaling())
                .contains(new Autoscaling(10, 65));
        assertThat(valid(read("replicas: 2\n")).autoscaling()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void productionAndPromotionTimeoutAreReadPerEnvironment() {
        var result = RepoConfigs.resolve("acme", "hello", Optional.of("""
                environments:
                  staging: {}
                  production: { promotion: manual, promotion-timeout: 2h }
                  live: { production: true }
                  production-like: { production: false }
                """));

        var config = ((dev.pitapat.config.ConfigResult.Valid) result).config();
        Environment production = config.environments().get(new EnvName("production"));
        assertThat(production.promotionTimeout()).contains(java.time.Duration.ofHours(2));
        assertThat(production.isProduction(new EnvName("production"))).isTrue();
        assertThat(config.environments().get(new EnvName("staging")).isProduction(new EnvName("staging")))
                .isFalse();
        assertThat(config.environments().get(new EnvName("live")).isProduction(new EnvName("live")))
                .isTrue();
        assertThat(config.environments()
                        .get(new EnvName("production-like"))
                        .isProduction(new EnvName("production-like")))
                .isFalse();
    }
}
