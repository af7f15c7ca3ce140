package dev.pitapat.onboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.config.ConfigResult;
import dev.pitapat.config.DeployOn;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.RepoRef;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The proposed file for several repositories, read back by pitapat's own {@link RepoConfigs}. */
class ProposedConfigTest {

    /** A key line, set or commented out: {@code port: 3000}, {@code # port: 8080}, {@code   staging:}. */
    private static final Pattern KEY = Pattern.compile("^( *)(# ?)?( *)([a-z][a-z-]*):( .*)?$");

    record Case(String name, RepoRef repo, Detected detected, String app, int port, String healthPath) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> repositories() {
        return Stream.of(
                new Case(
                        "no Dockerfile",
                        new RepoRef("Codertocat", "Hello-World"),
                        Detected.NOTHING,
                        "hello-world",
                        8080,
                        "/"),
                new Case(
                        "EXPOSE 3000",
                        new RepoRef("acme", "shop"),
                        new Detected(Dockerfiles.exposedPort("FROM node:20\nEXPOSE 3000\n"), Optional.empty()),
                        "shop",
                        3000,
                        "/"),
                new Case(
                        "EXPOSE 8080/tcp 9090",
                        new RepoRef("acme", "api"),
                        new Detected(
                                Dockerfiles.exposedPort("FROM eclipse-temurin:21\nEXPOSE 8080/tcp 9090\n"),
                                Optional.empty()),
                        "api",
                        8080,
                        "/"),
                new Case(
                        "an odd name: upper case, dots and underscores",
                        new RepoRef("Some-Org", "My.Cool_Repo.v2"),
                        new Detected(OptionalInt.of(5000), Optional.empty()),
                        "my-cool-repo-v2",
                        5000,
                        "/"),
                new Case(
                        "a long name",
                        new RepoRef("acme", "a-repository-name-long-enough-that-its-app-would-not-fit-beside-staging"),
                        Detected.NOTHING,
                        "a-repository-name-long-enough-that-its-app-would-not-fi",
                        8080,
                        "/"),
                new Case(
                        "a Spring Boot repository with Actuator",
                        new RepoRef("acme", "billing"),
                        new Detected(
                                Dockerfiles.exposedPort("FROM eclipse-temurin:21-jre\nEXPOSE 8081\n"),
                                Optional.of("pom.xml")),
                        "billing",
                        8081,
                        "/actuator/health"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repositories")
    void proposesAFileThatPitapatReadsAsDetected(Case c) {
        String yaml =
                ProposedConfig.yaml(c.repo(), AppNames.forRepository(c.repo().name()), c.detected());

        ConfigResult result = RepoConfigs.resolve(c.repo().owner(), c.repo().name(), Optional.of(yaml));

        assertThat(result).isInstanceOf(ConfigResult.Valid.class);
        RepoConfig config = ((ConfigResult.Valid) result).config();
        assertThat(config.app().value()).isEqualTo(c.app());
        assertThat(config.port()).isEqualTo(c.port());
        assertThat(config.healthPath()).isEqualTo(c.healthPath());
        assertThat(config.image())
                .isEqualTo(("ghcr.io/" + c.repo().owner() + "/" + c.repo().name()).toLowerCase(java.util.Locale.ROOT));
        assertThat(config.replicas()).isEqualTo(1);
        assertThat(config.previews()).isTrue();
        assertThat(config.environmentNames()).containsExactly(new EnvName("staging"));
        assertThat(config.environments().get(new EnvName("staging")).deployOn()).contains(DeployOn.PUSH);
        assertThat(ProposedConfig.checked(c.repo(), yaml)).isEqualTo(config);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repositories")
    void setsOnlyWhatWasDetectedAndShowsTheRestCommentedOut(Case c) {
        String yaml =
                ProposedConfig.yaml(c.repo(), AppNames.forRepository(c.repo().name()), c.detected());

        assertThat(yaml).containsPattern("(?m)^app: " + c.app() + "$");
        assertThat(yaml).containsPattern("(?m)^environments:\n  staging:\n    # .*\n    deploy-on: push$");
        assertThat(yaml)
                .containsPattern(
                        c.detected().port().isPresent() ? "(?m)^port: " + c.port() + "$" : "(?m)^# port: 8080$");
        assertThat(yaml)
                .containsPattern(
                        c.detected().actuatorIn().isPresent()
                                ? "(?m)^health-path: /actuator/health$"
                                : "(?m)^# health-path: /$");
        for (String key : List.of("image", "build", "replicas", "previews")) {
            assertThat(yaml).containsPattern("(?m)^# " + key + ": ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repositories")
    void commentsEveryKeyWithWhatItDoes(Case c) {
        List<String> lines = ProposedConfig.yaml(
                        c.repo(), AppNames.forRepository(c.repo().name()), c.detected())
                .lines()
                .toList();

        for (int i = 0; i < lines.size(); i++) {
            var key = KEY.matcher(lines.get(i));
            if (!key.matches() || lines.get(i).contains(" # ")) {
                continue; // not a key, or a key with its comment on its line
            }
            boolean nested = !key.group(1).isEmpty() || !key.group(3).isEmpty();
            if (nested && List.of("staging", "production").contains(key.group(4))) {
                continue; // an environment's name: its keys say what they do
            }
            String before = i > 0 ? lines.get(i - 1) : "";
            assertThat(before.strip())
                    .as("the line before %s", lines.get(i))
                    .startsWith("#")
                    .doesNotMatch("# ?[a-z][a-z-]*: .*");
        }
    }

    @Test
    void saysInThePullRequestWhatPitapatIsWhatTheFileDoesAndHowToTryIt() {
        RepoRef repo = new RepoRef("acme", "billing");
        Detected detected = new Detected(OptionalInt.of(8081), Optional.of("build.gradle.kts"));
        RepoConfig config =
                ProposedConfig.checked(repo, ProposedConfig.yaml(repo, AppNames.forRepository(repo.name()), detected));

        String body = OnboardingPullRequest.body("main", config, detected);

        assertThat(body)
                .startsWith("<!-- pitapat:onboarding -->\n")
                .contains("**pitapat** deploys this repository to Kubernetes")
                .contains("adds `.github/pitapat.yml`, the file that tells pitapat how to deploy this repository")
                .contains("- app `billing`, from the repository's name")
                .contains("- port `8081`, from the `EXPOSE` in the `Dockerfile`")
                .contains("- health path `/actuator/health`: Spring Boot Actuator, which `build.gradle.kts` adds")
                .contains("deployed by every push to `main`")
                .contains("merge this pull request, then comment `/deploy staging` on a pull request")
                .contains("`ghcr.io/acme/billing:<commit sha>`")
                .contains("Close this pull request: pitapat will not open it again.");
        assertThat(OnboardingPullRequest.body("main", config, Detected.NOTHING))
                .contains("no `EXPOSE` was found in a `Dockerfile`")
                .contains("health path `/`, the default");
    }
}
