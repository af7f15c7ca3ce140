package dev.pitapat.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pitapat.model.InvalidSettingException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class GitOpsPropertiesTest {

    private static final String TOKEN = "github_pat_11ABCDEFG0secretSecretSecret_0123456789";

    /** Binds like Spring Boot does at start-up, from relaxed property names. */
    private static GitOpsProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("pitapat.gitops", GitOpsProperties.class);
    }

    private static GitOpsProperties bind(String repo, String token) {
        Map<String, String> values = new HashMap<>();
        values.put("pitapat.gitops.repo", repo);
        values.put("pitapat.gitops.token", token);
        return bind(values);
    }

    /** The setting error under Spring's binding exceptions; no message in the chain shows a secret. */
    private static InvalidSettingException refusal(Runnable binding) {
        Throwable thrown = catchThrowable(binding::run);
        Throwable root = thrown;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN).doesNotContain("hunter2");
            root = t;
        }
        assertThat(root).isInstanceOf(InvalidSettingException.class);
        return (InvalidSettingException) root;
    }

    @Test
    void bindsNothingToTheLocalDefaultWithoutAToken() {
        GitOpsProperties properties = bind(Map.of());

        assertThat(properties.local()).isTrue();
        assertThat(properties.token()).isEmpty();
        assertThat(properties.configuredCredentials()).isEmpty();
    }

    @Test
    void resolvesTheRelativeDefaultsAgainstTheWorkingDirectory() {
        Path workingDirectory = Path.of(System.getProperty("user.dir"));

        GitOpsProperties properties = bind(Map.of());

        assertThat(properties.repo())
                .isEqualTo(workingDirectory.resolve("data/gitops.git").toString());
        assertThat(properties.workdir()).isEqualTo(workingDirectory.resolve("data/gitops-work"));
        assertThat(properties.toString()).contains("repo=" + workingDirectory.resolve("data/gitops.git"));
    }

    @Test
    void resolvesRelativeSettingsAgainstTheWorkingDirectory() {
        Path workingDirectory = Path.of(System.getProperty("user.dir"));

        GitOpsProperties properties = bind(Map.of(
                "pitapat.gitops.repo", "repos/../gitops.git/",
                "pitapat.gitops.workdir", "clone"));

        assertThat(properties.repo())
                .isEqualTo(workingDirectory.resolve("gitops.git").toString());
        assertThat(properties.workdir()).isEqualTo(workingDirectory.resolve("clone"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ./data/gitops.git          | /srv/pitapat/data/gitops.git
            data/gitops.git            | /srv/pitapat/data/gitops.git
            ./data/./x/../gitops.git/  | /srv/pitapat/data/gitops.git
            ../shared/gitops.git       | /srv/shared/gitops.git
            gitops.git                 | /srv/pitapat/gitops.git
            /var/lib/gitops.git        | /var/lib/gitops.git
            /var/lib/../git/gitops.git | /var/git/gitops.git
            """)
    void aLocalPathIsMadeAbsoluteAndNormalizedAgainstTheBase(String repo, String expected) {
        assertThat(GitOpsProperties.absoluteRepo(repo, Path.of("/srv/pitapat"))).isEqualTo(expected);
        assertThat(GitOpsProperties.absolute(Path.of(repo), Path.of("/srv/pitapat")))
                .isEqualTo(Path.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            https://github.com/acme/gitops.git
            http://127.0.0.1:8080/gitops.git
            ssh://git@github.com/acme/gitops.git
            git@github.com:acme/gitops.git
            file:///srv/git/gitops.git
            """)
    void leavesARepositoryUrlAsGiven(String repo) {
        GitOpsProperties properties = bind(Map.of("pitapat.gitops.repo", repo));

        assertThat(properties.repo()).isEqualTo(repo);
        assertThat(properties.local()).isFalse();
        assertThat(properties.workdir()).isAbsolute();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            https://github.com/acme/gitops.git
            https://ghe.example.com/acme/gitops
            http://127.0.0.1:8080/gitops.git
            http://localhost:3000/acme/gitops.git
            """)
    void takesATokenForAnHttpsUrlOrPlainHttpToThisMachine(String repo) {
        GitOpsProperties properties = bind(repo, TOKEN);

        assertThat(properties.token()).contains(TOKEN);
        assertThat(properties.configuredCredentials())
                .hasValueSatisfying(credentials ->
                        assertThat(credentials.login()).contains(new GitCredentials.Login("x-access-token", TOKEN)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ./data/gitops.git                           | pitapat.gitops.token: is sent only to an https:// repository, but pitapat.gitops.repo is a local path
            /srv/git/gitops.git                         | pitapat.gitops.token: is sent only to an https:// repository, but pitapat.gitops.repo is a local path
            ssh://git@github.com/acme/gitops.git        | pitapat.gitops.token: is sent only to an https:// repository, but pitapat.gitops.repo uses ssh
            git@github.com:acme/gitops.git              | pitapat.gitops.token: is sent only to an https:// repository, but pitapat.gitops.repo uses ssh
            file:///srv/git/gitops.git                  | pitapat.gitops.token: is sent only to an https:// repository, but pitapat.gitops.repo uses file
            http://git.example.com/acme/gitops.git      | pitapat.gitops.token: would travel in clear text
            http://10.0.0.7/acme/gitops.git             | pitapat.gitops.token: would travel in clear text
            https://bot:hunter2@github.com/acme/gitops  | pitapat.gitops.token: is set while the URL in pitapat.gitops.repo carries credentials too
            """)
    void refusesATokenThatWouldGoNowhereOrInClearText(String repo, String expected) {
        InvalidSettingException refused = refusal(() -> bind(repo, TOKEN));

        assertThat(refused.getMessage())
                .startsWith(expected)
                .doesNotContain(TOKEN)
                .doesNotContain("hunter2");
        assertThat(refused.getMessage().lines()).hasSize(1);
    }

    @Test
    void refusesAPasswordInAnHttpUrlToAnotherMachine() {
        InvalidSettingException refused = refusal(
                () -> bind(Map.of("pitapat.gitops.repo", "http://bot:hunter2@git.example.com/acme/gitops.git")));

        assertThat(refused.getMessage())
                .startsWith("pitapat.gitops.repo: would travel in clear text")
                .doesNotContain("hunter2");
    }

    @Test
    void aBlankTokenCountsAsUnset() {
        assertThat(bind("./data/gitops.git", "  ").token()).isEmpty();
    }

    @Test
    void takesTheUserInfoOfAnHttpsUrlAsCredentialsAndNeverShowsIt() {
        GitOpsProperties properties = bind(Map.of("pitapat.gitops.repo", "https://bot:hunter2@github.com/acme/gitops"));

        assertThat(properties.configuredCredentials())
                .hasValueSatisfying(credentials ->
                        assertThat(credentials.login()).contains(new GitCredentials.Login("bot", "hunter2")));
        assertThat(properties.shownRepo()).isEqualTo("https://[redacted]@github.com/acme/gitops");
        assertThat(properties.toString()).doesNotContain("hunter2");
        assertThat(GitRemote.of(properties, GitCredentials.anonymous()).url())
                .isEqualTo("https://github.com/acme/gitops");
    }

    @Test
    void toStringShowsWhetherATokenIsSetNeverWhichOne() {
        GitOpsProperties properties =
                new GitOpsProperties("https://github.com/acme/gitops.git", "main", Path.of("work"), Optional.of(TOKEN));

        assertThat(properties.toString()).doesNotContain(TOKEN).contains("token=(set)");
        assertThat(properties.configuredCredentials().orElseThrow().toString()).doesNotContain(TOKEN);
        assertThat(new GitCredentials.Login("x-access-token", TOKEN).toString()).doesNotContain(TOKEN);
    }

    @Test
    void refusesAnHttpsUrlThatDoesNotParseWithoutRepeatingIt() {
        InvalidSettingException refused =
                refusal(() -> bind(Map.of("pitapat.gitops.repo", "https://bot:hunter2@github.com/acme/git ops")));

        assertThat(refused.getMessage())
                .isEqualTo("pitapat.gitops.repo: is not a valid https:// URL")
                .doesNotContain("hunter2");
    }
}
