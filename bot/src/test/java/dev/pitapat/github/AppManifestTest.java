package dev.pitapat.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The App manifest asks for exactly the permissions and events pitapat uses, and {@code github-app-manifest.json} at
 * the repository's root is the manifest the code builds. To write the file again after an intended change, run with
 * {@code -Dgolden.update=true} and review the diff.
 */
class AppManifestTest {

    static final Path FILE = Path.of("../github-app-manifest.json");
    static final Path DOC = Path.of("../docs/github-app.md");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theFileAtTheRepositoryRootIsTheManifestInCode() throws IOException {
        String built = AppManifest.readable(AppManifest.example());
        if (UPDATE) {
            Files.writeString(FILE, built, StandardCharsets.UTF_8);
        }

        assertThat(JSON.readTree(Files.readString(FILE, StandardCharsets.UTF_8)))
                .as("%s (write it again with -Dgolden.update=true)", FILE)
                .isEqualTo(JSON.readTree(built));
    }

    @Test
    void asksForExactlyThePermissionsPitapatUses() {
        JsonNode manifest = AppManifest.of(AppManifest.example());

        assertThat(permissions(manifest))
                .containsExactly(
                        entry("checks", "write"),
                        entry("contents", "write"),
                        entry("deployments", "write"),
                        entry("issues", "write"),
                        entry("metadata", "read"),
                        entry("pull_requests", "write"),
                        entry("statuses", "read"));
    }

    @Test
    void contentsStaysReadOnlyWhenPitapatDoesNotPushGitOpsWithTheApp() {
        AppManifest.Settings example = AppManifest.example();
        JsonNode manifest = AppManifest.of(new AppManifest.Settings(
                example.name(), example.publicUrl(), example.setupUrl(), example.isPublic(), false));

        assertThat(permissions(manifest)).containsEntry("contents", "read").hasSize(7);
    }

    @Test
    void subscribesToTheEventsPitapatHandlesThatCanBeSubscribedTo() {
        JsonNode manifest = AppManifest.of(AppManifest.example());

        assertThat(JSON.convertValue(manifest.path("default_events"), List.class))
                .containsExactly("check_run", "check_suite", "issue_comment", "pull_request", "push", "status");
        assertThat(AppManifest.ALWAYS_DELIVERED)
                .extracting(AppManifest.Event::name)
                .containsExactly("installation", "installation_repositories");
    }

    @Test
    void pointsGitHubAtThePublicUrlAndTheSetupPageTheBrowserUsed() {
        JsonNode manifest = AppManifest.of(new AppManifest.Settings(
                "pitapat-acme",
                URI.create("https://deploy.acme.example/"),
                URI.create("http://127.0.0.1:9090"),
                true,
                true));

        assertThat(manifest.path("name").stringValue()).isEqualTo("pitapat-acme");
        assertThat(manifest.path("url").stringValue()).isEqualTo("https://deploy.acme.example");
        assertThat(manifest.path("hook_attributes").path("url").stringValue())
                .isEqualTo("https://deploy.acme.example/webhooks/github");
        assertThat(manifest.path("hook_attributes").path("active").booleanValue())
                .isTrue();
        assertThat(manifest.path("redirect_url").stringValue()).isEqualTo("http://127.0.0.1:9090/setup/callback");
        assertThat(JSON.convertValue(manifest.path("callback_urls"), List.class))
                .containsExactly("https://deploy.acme.example/login/oauth2/code/github");
        assertThat(manifest.path("public").booleanValue()).isTrue();
        assertThat(manifest.path("request_oauth_on_install").booleanValue()).isFalse();
        assertThat(AppManifest.of(AppManifest.example()).path("public").booleanValue())
                .isFalse();
    }

    /** docs/github-app.md explains each permission, at the access the manifest asks for, and each event. */
    @Test
    void theGuideExplainsEveryPermissionAndEvent() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);

        for (AppManifest.Grant grant : AppManifest.permissions(true)) {
            assertThat(doc).contains("| `" + grant.permission() + "` | " + grant.access() + " |");
        }
        for (AppManifest.Event event : AppManifest.EVENTS) {
            assertThat(doc).contains("| `" + event.name() + "` |");
        }
        for (AppManifest.Event event : AppManifest.ALWAYS_DELIVERED) {
            assertThat(doc).contains("| `" + event.name() + "` |");
        }
    }

    private static Map<String, String> permissions(JsonNode manifest) {
        Map<String, String> permissions = new LinkedHashMap<>();
        manifest.path("default_permissions")
                .properties()
                .forEach(field ->
                        permissions.put(field.getKey(), field.getValue().stringValue()));
        return permissions;
    }
}
