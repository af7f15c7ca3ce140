package dev.pitapat.github;

import dev.pitapat.model.InvalidSettingException;
import dev.pitapat.model.RepoRef;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code pitapat.github.*}: the App's identity and secrets. The webhook secret is the webhook package's
 * ({@code WebhookProperties}), which checks signatures. Checked when bound: a wrong combination or an
 * unreadable key stops start-up with one line naming the property, never its value. Blank values count as
 * unset. {@link #toString()} shows which secrets are set, never what they are.
 */
@ConfigurationProperties("pitapat.github")
public record GitHubProperties(
        @DefaultValue("https://api.github.com") URI apiUrl,
        Optional<Long> appId,
        Optional<String> privateKey,
        Optional<String> privateKeyFile,
        Optional<String> clientId,
        Optional<String> clientSecret,
        @DefaultValue List<String> repoAllowlist) {

    static final String PREFIX = "pitapat.github.";
    private static final String ENTERPRISE_API_PATH = "/api/v3";
    private static final Pattern ALLOWLIST_ENTRY = Pattern.compile("[A-Za-z0-9*][A-Za-z0-9*-]*/[A-Za-z0-9._*-]+");

    public GitHubProperties {
        appId = orEmpty(appId);
        privateKey = orEmpty(privateKey).filter(value -> !value.isBlank());
        privateKeyFile = orEmpty(privateKeyFile).filter(path -> !path.isBlank());
        clientId = orEmpty(clientId).filter(value -> !value.isBlank());
        clientSecret = orEmpty(clientSecret).filter(value -> !value.isBlank());
        repoAllowlist = List.copyOf(repoAllowlist);
        check(apiUrl, appId, privateKey, privateKeyFile, clientId, clientSecret, repoAllowlist);
    }

    // Spring Boot binds an unset Optional as null rather than empty.
    private static <T> Optional<T> orEmpty(@Nullable Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }

    private static void check(
            URI apiUrl,
            Optional<Long> appId,
            Optional<String> privateKey,
            Optional<String> privateKeyFile,
            Optional<String> clientId,
            Optional<String> clientSecret,
            List<String> repoAllowlist) {
        if (!apiUrl.isAbsolute()
                || !List.of("http", "https").contains(apiUrl.getScheme().toLowerCase(Locale.ROOT))
                || apiUrl.getHost() == null) {
            throw new InvalidSettingException(PREFIX + "api-url", "not an absolute http(s) URL");
        }
        if (privateKey.isPresent() && privateKeyFile.isPresent()) {
            throw new InvalidSettingException(
                    PREFIX + "private-key", "set either private-key or private-key-file, not both");
        }
        boolean hasKey = privateKey.isPresent() || privateKeyFile.isPresent();
        if (appId.isPresent() && !hasKey) {
            throw new InvalidSettingException(
                    PREFIX + "private-key", "app-id is set but neither private-key nor private-key-file is");
        }
        if (appId.isEmpty() && hasKey) {
            throw new InvalidSettingException(PREFIX + "app-id", "a private key is set but app-id is not");
        }
        if (appId.isPresent() && appId.get() <= 0) {
            throw new InvalidSettingException(PREFIX + "app-id", "not a positive number");
        }
        if (clientId.isPresent() != clientSecret.isPresent()) {
            throw new InvalidSettingException(
                    PREFIX + (clientId.isPresent() ? "client-secret" : "client-id"),
                    "client-id and client-secret are set together or not at all");
        }
        for (int i = 0; i < repoAllowlist.size(); i++) {
            if (!ALLOWLIST_ENTRY.matcher(repoAllowlist.get(i)).matches()) {
                throw new InvalidSettingException(
                        PREFIX + "repo-allowlist", "entry " + (i + 1) + " is not an owner/repo pattern");
            }
        }
        readKey(privateKey, privateKeyFile);
    }

    private static Optional<RSAPrivateKey> readKey(Optional<String> privateKey, Optional<String> privateKeyFile) {
        if (privateKey.isPresent()) {
            return Optional.of(AppPrivateKey.parse(privateKey.get(), PREFIX + "private-key"));
        }
        if (privateKeyFile.isPresent()) {
            String text;
            try {
                text = Files.readString(Path.of(privateKeyFile.get()), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new InvalidSettingException(PREFIX + "private-key-file", "cannot read the file (" + why(e) + ")");
            }
            return Optional.of(AppPrivateKey.parse(text, PREFIX + "private-key-file"));
        }
        return Optional.empty();
    }

    private static String why(Exception e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException missing -> "no such file";
            case java.nio.file.AccessDeniedException denied -> "permission denied";
            case java.nio.charset.MalformedInputException notText -> "not UTF-8 text";
            default -> "an I/O error";
        };
    }

    /** Whether pitapat can act as the App: an app id and a private key are both set. */
    public boolean appConfigured() {
        return appId.isPresent();
    }

    /**
     * Whether "Sign in with GitHub" is configured for the status page and {@code /api}: the App's OAuth client id
     * and secret are both set (one without the other stops start-up).
     */
    public boolean signInConfigured() {
        return clientId.isPresent() && clientSecret.isPresent();
    }

    /** The App's private key, parsed; empty when none is set. */
    Optional<RSAPrivateKey> appPrivateKey() {
        return readKey(privateKey, privateKeyFile);
    }

    /**
     * The web address of this GitHub, where people open repositories, commits and pull requests: the one place
     * it is derived from {@link #apiUrl}. {@code https://api.github.com} gives {@code https://github.com}; GitHub
     * Enterprise's {@code https://<host>/api/v3} gives {@code https://<host>}; a host {@code api.<name>} gives
     * {@code <name>}; any other API address is used as it is (a stand-in serving both).
     */
    public URI webUrl() {
        String host = apiUrl.getHost().toLowerCase(Locale.ROOT);
        String port = apiUrl.getPort() < 0 ? "" : ":" + apiUrl.getPort();
        String path = apiUrl.getPath() == null ? "" : apiUrl.getPath().replaceAll("/+$", "");
        if (path.endsWith(ENTERPRISE_API_PATH)) {
            path = path.substring(0, path.length() - ENTERPRISE_API_PATH.length());
        }
        return URI.create(apiUrl.getScheme().toLowerCase(Locale.ROOT) + "://"
                + (host.startsWith("api.") ? host.substring("api.".length()) : host) + port + path);
    }

    /**
     * Whether the bot acts on the repository: an empty allowlist allows all; {@code *} matches any run of
     * characters within the owner or the name; names compare without regard to case, as GitHub's do.
     */
    public boolean allows(RepoRef repo) {
        if (repoAllowlist.isEmpty()) {
            return true;
        }
        String fullName = repo.fullName().toLowerCase(Locale.ROOT);
        return repoAllowlist.stream()
                .anyMatch(pattern -> glob(pattern).matcher(fullName).matches());
    }

    private static Pattern glob(String pattern) {
        String[] parts = pattern.toLowerCase(Locale.ROOT).split("\\*", -1);
        return Pattern.compile(Arrays.stream(parts)
                .map(Pattern::quote)
                .reduce((a, b) -> a + "[^/]*" + b)
                .orElseThrow());
    }

    @Override
    public String toString() {
        return "GitHubProperties[apiUrl=" + apiUrl
                + ", appId=" + appId.map(String::valueOf).orElse("(unset)")
                + ", privateKey=" + setOrUnset(privateKey)
                + ", privateKeyFile=" + privateKeyFile.orElse("(unset)")
                + ", clientId=" + clientId.orElse("(unset)")
                + ", clientSecret=" + setOrUnset(clientSecret)
                + ", repoAllowlist=" + repoAllowlist + "]";
    }

    private static String setOrUnset(Optional<String> secret) {
        return secret.isPresent() ? "(set)" : "(unset)";
    }
}
