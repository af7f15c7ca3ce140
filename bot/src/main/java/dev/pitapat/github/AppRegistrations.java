package dev.pitapat.github;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last step of registering a GitHub App from a manifest ({@link AppManifest}): the temporary {@code code} GitHub
 * hands back is exchanged for the new App's id and credentials, {@code POST /app-manifests/{code}/conversions}, which
 * takes no authentication. GitHub answers {@code 201} with them once; a code is good for one exchange, within the
 * hour GitHub gives the whole flow ({@code 404} or {@code 422} otherwise).
 *
 * <p>Tried once, never again: a repeated exchange of a code GitHub already answered fails, and the credentials of
 * that first answer would be lost either way. Counted as {@code pitapat_github_api_calls_total{operation="app_manifest_conversion"}}.
 * Neither the code nor anything GitHub answers reaches a message.
 */
public final class AppRegistrations {

    static final String OPERATION = "app_manifest_conversion";

    /** GitHub's codes are 20 hex bytes; anything that could leave the path segment is refused before a request. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,200}");

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String DESCRIPTION =
            "exchanging the manifest's code for the new GitHub App's credentials (POST /app-manifests/{code}/conversions)";

    private final String apiUrl;
    /** The JDK client, made at the first conversion: most starts never register an App (see {@link Http}). */
    private final Supplier<HttpClient> client;

    private final JsonMapper json = JsonMapper.builder().build();
    private final MeterRegistry meters;

    public AppRegistrations(URI apiUrl, MeterRegistry meters) {
        this(apiUrl, () -> Http.CLIENT, meters);
    }

    AppRegistrations(URI apiUrl, HttpClient client, MeterRegistry meters) {
        this(apiUrl, () -> client, meters);
    }

    private AppRegistrations(URI apiUrl, Supplier<HttpClient> client, MeterRegistry meters) {
        this.apiUrl = apiUrl.toString().replaceAll("/+$", "");
        this.client = client;
        this.meters = meters;
    }

    /** Whether {@code code} can be a code GitHub handed back (letters, digits, {@code _} and {@code -}). */
    public static boolean wellFormed(String code) {
        return CODE.matcher(code).matches();
    }

    /**
     * The App GitHub registered, with its credentials.
     *
     * @throws GitHubException when GitHub refuses the code ({@link GitHubException#status()} {@code 404} or
     *     {@code 422}: used already, or expired), fails, or cannot be reached
     */
    public NewApp convert(String code) {
        if (!wellFormed(code)) {
            throw new IllegalArgumentException("a manifest code has 1 to 200 letters, digits, '_' and '-'");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + "/app-manifests/" + code + "/conversions"))
                .timeout(TIMEOUT)
                .header("Accept", GitHubHttp.ACCEPT)
                .header("X-GitHub-Api-Version", GitHubHttp.API_VERSION)
                .header("User-Agent", GitHubHttp.USER_AGENT)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response;
        try {
            response = client.get().send(request, BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            count("timeout");
            throw new GitHubException(
                    DESCRIPTION, "GitHub did not answer within " + TIMEOUT.toSeconds() + " s", true, null);
        } catch (IOException e) {
            count("io_error");
            throw new GitHubException(
                    DESCRIPTION, "GitHub not reachable (" + e.getClass().getSimpleName() + ")", true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException(DESCRIPTION, "interrupted", false, null);
        }
        count(Integer.toString(response.statusCode()));
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new GitHubException(
                    DESCRIPTION,
                    response.statusCode(),
                    errorMessage(response.body()),
                    response.statusCode() >= 500,
                    Optional.empty());
        }
        JsonNode app;
        try {
            app = json.readTree(response.body());
        } catch (JacksonException e) {
            throw new GitHubException(DESCRIPTION, "GitHub answered with unreadable JSON", false, null);
        }
        return new NewApp(
                Answers.id(app, "id", DESCRIPTION),
                Answers.text(app, "slug", DESCRIPTION),
                Answers.text(app.path("owner"), "login", DESCRIPTION),
                Answers.uri(app, "html_url", DESCRIPTION),
                Answers.text(app, "client_id", DESCRIPTION),
                Answers.text(app, "client_secret", DESCRIPTION),
                Answers.text(app, "webhook_secret", DESCRIPTION),
                Answers.text(app, "pem", DESCRIPTION));
    }

    private Optional<String> errorMessage(String body) {
        try {
            return json.readTree(body).path("message").stringValueOpt().filter(m -> !m.isBlank());
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private void count(String status) {
        Counter.builder(GitHubHttp.CALLS_METRIC)
                .description("GitHub REST requests by operation and HTTP status")
                .tag("operation", OPERATION)
                .tag("status", status)
                .register(meters)
                .increment();
    }

    /**
     * Made at first use, not at start: a JDK HTTP client initialises the JVM's default TLS context (the trust
     * store read and parsed), about 3% of a start's main thread, and the setup page is there on every first run.
     */
    private static final class Http {
        static final HttpClient CLIENT = GitHubHttp.defaultClient();
    }
}
