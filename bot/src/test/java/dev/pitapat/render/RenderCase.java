package dev.pitapat.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.config.ConfigResult;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One golden case: {@code src/test/resources/render/<name>/pitapat.yml}, rendered for one environment and sha
 * with one set of settings, beside the files it must give in {@code expected/}.
 */
record RenderCase(String name, String repo, String env, String sha, RenderSettings settings) {

    static final Path ROOT = Path.of("src/test/resources/render");

    /** A sha whose short form is all digits: labels must still be YAML strings. */
    static final String DIGITS_SHA = "0123456789abcdef0123456789abcdef01234567";

    static final String SHA = "9f3c2b1a7e6d5c4b3a291807f6e5d4c3b2a19080";

    static final List<RenderCase> ALL = List.of(
            new RenderCase("defaults", "Hello", "staging", DIGITS_SHA, RenderSettings.DEFAULT),
            new RenderCase("full-staging", "hello", "staging", SHA, settings("apps.example.com", Optional.empty())),
            new RenderCase(
                    "full-production", "hello", "production", SHA, settings("apps.example.com", Optional.empty())),
            new RenderCase(
                    "wildcard-tls",
                    "shop",
                    "staging",
                    SHA,
                    settings("apps.example.com", Optional.of("apps-example-com-wildcard"))),
            new RenderCase("secrets-env-resources", "billing", "staging", SHA, RenderSettings.DEFAULT),
            new RenderCase("long-names-preview", "payments", "pr-1234", SHA, RenderSettings.DEFAULT),
            new RenderCase(
                    "autoscaling-production",
                    "hello",
                    "production",
                    SHA,
                    settings("apps.example.com", Optional.empty())));

    /** The files every case renders; {@code hpa.yaml} follows them when the config has autoscaling. */
    static final List<String> ALWAYS =
            List.of("rollout.yaml", "service-active.yaml", "service-preview.yaml", "ingress.yaml");

    static RenderSettings settings(String baseDomain, Optional<String> wildcard) {
        return new RenderSettings(baseDomain, "letsencrypt-prod", wildcard);
    }

    Path directory() {
        return ROOT.resolve(name);
    }

    String configText() {
        try {
            return Files.readString(directory().resolve("pitapat.yml"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RepoConfig config() {
        ConfigResult result = RepoConfigs.resolve("acme", repo, Optional.of(configText()));
        assertThat(result).as("config of case %s", name).isInstanceOf(ConfigResult.Valid.class);
        return ((ConfigResult.Valid) result).config();
    }

    Target target() {
        RepoConfig config = config();
        return new Target(config.app(), new EnvName(env));
    }

    /** The files this case must render, in order. */
    List<String> expectedFiles() {
        return config().autoscaling().isPresent()
                ? java.util.stream.Stream.concat(ALWAYS.stream(), java.util.stream.Stream.of("hpa.yaml"))
                        .toList()
                : ALWAYS;
    }

    /** The case by its name. */
    static RenderCase named(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    Manifests render() {
        return ManifestRenderer.fromClasspath().render(config(), target(), new Sha(sha), settings);
    }

    @Override
    public String toString() {
        return name;
    }
}
