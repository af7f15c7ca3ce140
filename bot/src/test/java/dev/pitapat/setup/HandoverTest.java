package dev.pitapat.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.github.NewApp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings block means to a POSIX shell exactly what GitHub handed over, whatever characters a value holds. */
class HandoverTest {

    static final String PEM =
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAhandover\nline2+/=\n-----END RSA PRIVATE KEY-----\n";

    @Test
    void aShellReadsBackEveryValueAsGitHubGaveIt(@TempDir Path dir) throws Exception {
        NewApp app = app("Iv23li'quoted", "it's $HOME `date` \\ \"secret\"");
        Handover handover = new Handover(app, URI.create("https://pitapat.example.com"));
        Path file = dir.resolve("github-app.env");
        Files.writeString(file, handover.environment(), StandardCharsets.UTF_8);

        assertThat(SetupPageTest.sourced(file))
                .containsEntry("PITAPAT_GITHUB_APP_ID", "77")
                .containsEntry("PITAPAT_GITHUB_PRIVATE_KEY", PEM.strip())
                .containsEntry("PITAPAT_GITHUB_CLIENT_ID", "Iv23li'quoted")
                .containsEntry("PITAPAT_GITHUB_CLIENT_SECRET", "it's $HOME `date` \\ \"secret\"")
                .containsEntry("PITAPAT_GITHUB_WEBHOOK_SECRET", "e340154128314309424b7c8e90325147d99fdafa")
                .containsEntry("PITAPAT_PUBLIC_URL", "https://pitapat.example.com");
        assertThat(handover.kubectl())
                .contains("  --from-literal='client-secret=it'\\''s $HOME `date` \\ \"secret\"'\n");
        assertThat(handover.toString()).doesNotContain("secret\"").doesNotContain("MIIE");
    }

    /** The values the page hands over are ones the Helm chart takes, and its Deployment reads the Secret's keys. */
    @Test
    void theChartTakesTheValuesAndReadsTheSecretsKeys(@TempDir Path dir) throws Exception {
        NewApp app = app("Iv23liAbCdEf", "client-secret-value");
        Handover handover = new Handover(app, URI.create("https://pitapat.example.com"));
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, handover.values(), StandardCharsets.UTF_8);

        String rendered = new com.marcnuri.helm.Helm(Path.of("../charts/pitapat"))
                .template()
                .withName("pitapat")
                .withValuesFile(values)
                .call();

        for (String key : handover.chartSecret().keySet()) {
            assertThat(rendered).contains("name: \"" + Handover.SECRET + "\"\n                  key: \"" + key + "\"");
        }
        assertThat(rendered).contains("value: \"https://pitapat.example.com\"").doesNotContain("client-secret-value");
    }

    /** The App GitHub created, with this client id and secret. */
    private static NewApp app(String clientId, String clientSecret) {
        return new NewApp(
                77,
                "pitapat-acme",
                "acme",
                URI.create("https://github.com/apps/pitapat-acme"),
                clientId,
                clientSecret,
                "e340154128314309424b7c8e90325147d99fdafa",
                PEM);
    }
}
