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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repositories a signed-in person can read through the App's installations, asked of GitHub with that
 * person's own user token: {@code GET /user/installations}, then {@code GET /user/installations/{id}/repositories}
 * for each, every page of both (GitHub's {@code Link: rel="next"}). GitHub lists there exactly the repositories the
 * person may read that the App is installed on.
 *
 * <p>Each request is tried once: a person waits for the answer, and the next page view asks again. A next page
 * elsewhere than this API is not followed, so the token goes nowhere else. The token never reaches a message.
 */
public final class UserRepositories {

    static final int PAGE_SIZE = 100;

    /** At most this many pages of each list: 10,000 installations, and 10,000 repositories in each. */
    static final int MAX_PAGES = 100;

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private final String apiUrl;
    private final HttpClient client;
    private final JsonMapper json = JsonMapper.builder().build();
    private final MeterRegistry meters;

    public UserRepositories(URI apiUrl, MeterRegistry meters) {
        this(apiUrl, GitHubHttp.defaultClient(), meters);
    }

    UserRepositories(URI apiUrl, HttpClient client, MeterRegistry meters) {
        this.apiUrl = apiUrl.toString().replaceAll("/+$", "");
        this.client = client;
        this.meters = meters;
    }

    /**
     * The {@code owner/repo} names, as GitHub spells them, that {@code login} can read in the App's installations.
     *
     * @param userToken the person's user access token for this App, from signing in
     * @throws GitHubException when GitHub cannot answer; {@link GitHubException#isUnauthorized()} when it no longer
     *     takes the token (it expired or was revoked)
     */
    public Set<String> readableBy(String login, String userToken) {
        Set<String> repositories = new LinkedHashSet<>();
        List<JsonNode> installations = all(
                "user_installations",
                "listing the App's installations " + login + " can reach",
                "/user/installations",
                "installations",
                userToken);
        for (JsonNode installation : installations) {
            long id = Answers.id(installation, "id", "listing the App's installations " + login + " can reach");
            for (JsonNode repository : all(
                    "user_installation_repositories",
                    "listing the repositories " + login + " can read in installation " + id,
                    "/user/installations/" + id + "/repositories",
                    "repositories",
                    userToken)) {
                repository.path("full_name").stringValueOpt().ifPresent(repositories::add);
            }
        }
        return Set.copyOf(repositories);
    }

    /** Every element of the {@code field} array over all pages of a list. */
    private List<JsonNode> all(String metric, String description, String path, String field, String userToken) {
        List<JsonNode> elements = new ArrayList<>();
        Optional<String> next = Optional.of(apiUrl + path + "?per_page=" + PAGE_SIZE);
        for (int page = 1; next.isPresent(); page++) {
            if (page > MAX_PAGES) {
                throw new GitHubException(description, "more than " + MAX_PAGES + " pages", false, null);
            }
            HttpResponse<String> response = get(metric, description, next.get(), userToken);
            for (JsonNode element : parse(description, response.body()).path(field)) {
                elements.add(element);
            }
            next = nextPage(description, response);
        }
        return elements;
    }

    private HttpResponse<String> get(String metric, String description, String url, String userToken) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Accept", GitHubHttp.ACCEPT)
                .header("X-GitHub-Api-Version", GitHubHttp.API_VERSION)
                .header("User-Agent", GitHubHttp.USER_AGENT)
                .header("Authorization", "Bearer " + userToken)
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, BodyHandlers.ofString());
        } catch (IOException e) {
            count(metric, "io_error");
            throw new GitHubException(
                    description, "GitHub not reachable (" + e.getClass().getSimpleName() + ")", true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException(description, "interrupted", false, null);
        }
        count(metric, Integer.toString(response.statusCode()));
        if (response.statusCode() != 200) {
            throw new GitHubException(
                    description,
                    response.statusCode(),
                    errorMessage(response.body()),
                    response.statusCode() >= 500,
                    Optional.empty());
        }
        return response;
    }

    /** The next page GitHub links to; refused when it is not on this API, where the token may go. */
    private Optional<String> nextPage(String description, HttpResponse<String> response) {
        for (String link : response.headers().allValues("Link")) {
            Matcher next = NEXT.matcher(link);
            if (next.find()) {
                String url = next.group(1);
                if (!url.startsWith(apiUrl + "/")) {
                    throw new GitHubException(description, "GitHub's next page is not on its API", false, null);
                }
                return Optional.of(url);
            }
        }
        return Optional.empty();
    }

    private JsonNode parse(String description, String body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new GitHubException(description, "GitHub answered with unreadable JSON", false, null);
        }
    }

    private Optional<String> errorMessage(String body) {
        try {
            return json.readTree(body).path("message").stringValueOpt().filter(m -> !m.isBlank());
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private void count(String operation, String status) {
        Counter.builder(GitHubHttp.CALLS_METRIC)
                .description("GitHub REST requests by operation and HTTP status")
                .tag("operation", operation)
                .tag("status", status)
                .register(meters)
                .increment();
    }
}
