package dev.pitapat.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.model.InvalidSettingException;
import dev.pitapat.model.RepoRef;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class GitHubPropertiesTest {

    private static final String KEY = TestKeys.pkcs1Pem(TestKeys.RSA);
    private static final String SECRET = "whsec-correct-horse-battery";
    private static final String CLIENT_SECRET = "0123456789abcdef0123456789abcdef01234567";

    private static GitHubProperties properties(Optional<Long> appId, Optional<String> key, Optional<Path> keyFile) {
        return new GitHubProperties(
                URI.create("https://api.github.com"),
                appId,
                key,
                keyFile.map(Path::toString),
                Optional.empty(),
                Optional.empty(),
                List.of());
    }

    /** Binds like Spring Boot does at start-up, from relaxed property names. */
    private static GitHubProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("pitapat.github", GitHubProperties.class);
    }

    @Test
    void bindsNothingToTheDefaultsAndAnUnconfiguredApp() {
        GitHubProperties properties = bind(Map.of());

        assertThat(properties.apiUrl()).isEqualTo(URI.create("https://api.github.com"));
        assertThat(properties.appConfigured()).isFalse();
        assertThat(properties.appId()).isEmpty();
        assertThat(properties.privateKey()).isEmpty();
        assertThat(properties.repoAllowlist()).isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "https://api.github.com, https://github.com",
        "https://api.github.com/, https://github.com",
        "https://ghe.example.com/api/v3, https://ghe.example.com",
        "https://API.ghe.example.com:8443/, https://ghe.example.com:8443",
        "http://127.0.0.1:8089, http://127.0.0.1:8089"
    })
    void theWebAddressComesFromTheApiAddress(String apiUrl, String webUrl) {
        GitHubProperties properties = bind(Map.of("pitapat.github.api-url", apiUrl));

        assertThat(properties.webUrl()).isEqualTo(URI.create(webUrl));
    }

    @Test
    void bindsEveryPropertyFromItsDashedName() {
        GitHubProperties properties = bind(Map.of(
                "pitapat.github.api-url", "https://ghe.example.com/api/v3",
                "pitapat.github.app-id", "123456",
                "pitapat.github.private-key", KEY.replace("\n", "\\n"),
                "pitapat.github.webhook-secret", SECRET,
                "pitapat.github.client-id", "Iv23liAbCdEfGhIjKlMn",
                "pitapat.github.client-secret", CLIENT_SECRET,
                "pitapat.github.repo-allowlist", "acme/*,octo/hello"));

        assertThat(properties.apiUrl()).isEqualTo(URI.create("https://ghe.example.com/api/v3"));
        assertThat(properties.appId()).contains(123456L);
        assertThat(properties.appConfigured()).isTrue();
        assertThat(properties.appPrivateKey())
                .map(k -> k.getEncoded())
                .contains(TestKeys.RSA.getPrivate().getEncoded());
        assertThat(properties.clientId()).contains("Iv23liAbCdEfGhIjKlMn");
        assertThat(properties.repoAllowlist()).containsExactly("acme/*", "octo/hello");
    }

    @Test
    void treatsBlankValuesAsUnset() {
        GitHubProperties properties = bind(Map.of("pitapat.github.private-key", "  ", "pitapat.github.client-id", ""));

        assertThat(properties.appConfigured()).isFalse();
        assertThat(properties.privateKey()).isEmpty();
        assertThat(properties.clientId()).isEmpty();
    }

    @Test
    void refusesAnAppIdWithoutAKey() {
        assertRefused(
                () -> properties(Optional.of(1L), Optional.empty(), Optional.empty()),
                "pitapat.github.private-key",
                "app-id is set but neither private-key nor private-key-file is");
    }

    @Test
    void refusesAKeyWithoutAnAppId() {
        assertRefused(
                () -> properties(Optional.empty(), Optional.of(KEY), Optional.empty()),
                "pitapat.github.app-id",
                "a private key is set but app-id is not");
    }

    @Test
    void refusesBothAKeyAndAKeyFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.pem"), KEY);
        assertRefused(
                () -> properties(Optional.of(1L), Optional.of(KEY), Optional.of(file)),
                "pitapat.github.private-key",
                "not both");
    }

    @Test
    void readsTheKeyFromAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.pem"), KEY.replace("\n", "\r\n"));

        GitHubProperties properties = properties(Optional.of(1L), Optional.empty(), Optional.of(file));

        assertThat(properties.appPrivateKey())
                .map(k -> k.getEncoded())
                .contains(TestKeys.RSA.getPrivate().getEncoded());
    }

    @Test
    void refusesAnUnreadableKeyFile(@TempDir Path dir) {
        Path missing = dir.resolve("missing.pem");
        assertRefused(
                () -> properties(Optional.of(1L), Optional.empty(), Optional.of(missing)),
                "pitapat.github.private-key-file",
                "cannot read the file");
    }

    @Test
    void refusesAMalformedKeyFileNamingTheFileProperty(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.pem"), "ssh-rsa AAAAB3NzaC1yc2E= alice@laptop");
        assertRefused(
                () -> properties(Optional.of(1L), Optional.empty(), Optional.of(file)),
                "pitapat.github.private-key-file",
                "not PEM");
    }

    @Test
    void refusesAMalformedKeyWithoutQuotingIt() {
        String broken = KEY.replace("RSA PRIVATE KEY", "EC PRIVATE KEY");
        assertThatThrownBy(() -> properties(Optional.of(1L), Optional.of(broken), Optional.empty()))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.property()).isEqualTo("pitapat.github.private-key");
                    AppPrivateKeyTest.assertNoKeyMaterial(e.getMessage(), broken);
                });
    }

    @Test
    void refusesAClientIdWithoutASecret() {
        assertRefused(
                () -> bind(Map.of("pitapat.github.client-id", "Iv23liAbCdEfGhIjKlMn")),
                "pitapat.github.client-secret",
                "client-id and client-secret are set together");
    }

    @Test
    void refusesAnApiUrlThatIsNotHttp() {
        assertRefused(
                () -> bind(Map.of("pitapat.github.api-url", "file:///etc/passwd")),
                "pitapat.github.api-url",
                "not an absolute http(s) URL");
    }

    @Test
    void refusesAnAllowlistEntryThatIsNotOwnerSlashRepo() {
        assertRefused(
                () -> bind(Map.of("pitapat.github.repo-allowlist", "acme/hello,acme")),
                "pitapat.github.repo-allowlist",
                "entry 2 is not an owner/repo pattern");
    }

    @Test
    void allowsRepositoriesByPatternIgnoringCase() {
        GitHubProperties properties = bind(Map.of("pitapat.github.repo-allowlist", "acme/*,octo/hello-*"));

        assertThat(properties.allows(new RepoRef("ACME", "anything"))).isTrue();
        assertThat(properties.allows(new RepoRef("octo", "hello-world"))).isTrue();
        assertThat(properties.allows(new RepoRef("octo", "hello"))).isFalse();
        assertThat(properties.allows(new RepoRef("acmecorp", "hello"))).isFalse();
        assertThat(bind(Map.of()).allows(new RepoRef("anyone", "anything"))).isTrue();
    }

    @Test
    void printsWhichSecretsAreSetButNotTheirValues() {
        GitHubProperties properties = bind(Map.of(
                "pitapat.github.app-id",
                "123456",
                "pitapat.github.private-key",
                KEY,
                "pitapat.github.webhook-secret",
                SECRET + ",second-secret-value",
                "pitapat.github.client-id",
                "Iv23liAbCdEfGhIjKlMn",
                "pitapat.github.client-secret",
                CLIENT_SECRET));

        String text = properties.toString();

        assertThat(text)
                .contains("appId=123456", "privateKey=(set)", "clientSecret=(set)")
                .doesNotContain(SECRET, "second-secret-value", CLIENT_SECRET, "BEGIN");
        AppPrivateKeyTest.assertNoKeyMaterial(text, KEY);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            https://api.github.com,             https://github.com
            https://api.github.com/,            https://github.com
            https://ghe.example.com/api/v3,     https://ghe.example.com
            https://ghe.example.com/api/v3/,    https://ghe.example.com
            http://127.0.0.1:8089,              http://127.0.0.1:8089
            http://127.0.0.1:8089/,             http://127.0.0.1:8089
            https://github.example.com/gh-api,  https://github.example.com/gh-api
            """)
    void peopleSignInAtTheWebAddressOfTheApisGitHub(String apiUrl, String webUrl) {
        assertThat(bind(Map.of("pitapat.github.api-url", apiUrl)).webUrl()).isEqualTo(URI.create(webUrl));
    }

    @Test
    void signInIsConfiguredByTheClientIdAndSecretTogether() {
        assertThat(bind(Map.of()).signInConfigured()).isFalse();
        assertThat(bind(Map.of(
                                "pitapat.github.client-id",
                                "Iv23liAbCdEfGhIjKlMn",
                                "pitapat.github.client-secret",
                                CLIENT_SECRET))
                        .signInConfigured())
                .isTrue();
        assertRefused(
                () -> bind(Map.of("pitapat.github.client-secret", CLIENT_SECRET)),
                "pitapat.github.client-id",
                "client-id and client-secret are set together");
    }

    @Test
    void callsTimeOutAfter15SecondsAndWaitUpToAMinuteForARateLimitUnlessSetOtherwise() {
        GitHubCallProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("pitapat.github", GitHubCallProperties.class);
        assertThat(defaults).isEqualTo(GitHubCallProperties.DEFAULTS);
        assertThat(defaults.requestTimeout()).hasSeconds(15);
        assertThat(defaults.rateLimitWait()).hasSeconds(60);

        GitHubCallProperties set = new Binder(new MapConfigurationPropertySource(
                        Map.of("pitapat.github.request-timeout", "5s", "pitapat.github.rate-limit-wait", "0s")))
                .bindOrCreate("pitapat.github", GitHubCallProperties.class);
        assertThat(set.requestTimeout()).hasSeconds(5);
        assertThat(set.rateLimitWait()).isZero();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "request-timeout, 0s, a positive duration of at most 5m",
        "request-timeout, 6m, a positive duration of at most 5m",
        "rate-limit-wait, -1s, a duration from 0s to 10m",
        "rate-limit-wait, 11m, a duration from 0s to 10m"
    })
    void refusesCallSettingsOutOfRange(String property, String value, String problem) {
        assertRefused(
                () -> new Binder(new MapConfigurationPropertySource(Map.of("pitapat.github." + property, value)))
                        .bindOrCreate("pitapat.github", GitHubCallProperties.class),
                "pitapat.github." + property,
                problem);
    }

    private static void assertRefused(Runnable binding, String property, String problem) {
        assertThatThrownBy(binding::run).satisfies(thrown -> {
            Throwable root = thrown;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root).isInstanceOf(InvalidSettingException.class);
            InvalidSettingException e = (InvalidSettingException) root;
            assertThat(e.property()).isEqualTo(property);
            assertThat(e.problem()).contains(problem);
        });
    }
}
