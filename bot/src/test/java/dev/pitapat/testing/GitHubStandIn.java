package dev.pitapat.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub's answers at WireMock, from the recorded replies under {@code github-api/}: what every end-to-end test
 * of a deploy needs GitHub to take (check runs, Deployments and their statuses, the sticky comment, the App's
 * own login), and what GitHub tells about a person signed in with it.
 */
public final class GitHubStandIn {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private GitHubStandIn() {}

    /** GitHub takes every report of a deploy on pull request {@code number} of {@code repo} ({@code /repos/o/r}). */
    public static void takesReports(WireMockExtension github, String repo, int number) {
        github.stubFor(get(urlEqualTo("/app")).willReturn(fixture(200, "app.json")));
        github.stubFor(get(urlEqualTo(repo + "/issues/" + number + "/comments?per_page=100&page=1"))
                .willReturn(okJson("[]")));
        github.stubFor(patch(urlPathMatching(repo + "/issues/comments/[0-9]+"))
                .willReturn(fixture(200, "issue-comment-created.json")));
        github.stubFor(post(urlEqualTo(repo + "/check-runs")).willReturn(withNewId(201, "check-run.json")));
        github.stubFor(patch(urlPathMatching(repo + "/check-runs/[0-9]+")).willReturn(fixture(200, "check-run.json")));
        github.stubFor(post(urlEqualTo(repo + "/deployments")).willReturn(withNewId(201, "deployment.json")));
        github.stubFor(post(urlPathMatching(repo + "/deployments/[0-9]+/statuses"))
                .willReturn(fixture(201, "deployment-status.json")));
    }

    /** GitHub at WireMock on a free loopback port, with response templating (fresh ids for new objects). */
    public static WireMockExtension server() {
        return WireMockExtension.newInstance()
                .options(com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig()
                        .dynamicPort()
                        .bindAddress("127.0.0.1")
                        .containerThreads(64)
                        .globalTemplating(true))
                .build();
    }

    /** The policy of one app, {@code hello}, with one environment, {@code staging}. */
    public static final String HELLO_IN_STAGING = """
            app: hello
            environments:
              staging: {}
            """;

    /** {@code Codertocat/Hello-World}, the repository of the recorded pull request #7 and of its comments. */
    public static final String HELLO_WORLD = "/repos/Codertocat/Hello-World";

    /**
     * Pull request #7 of {@code Codertocat/Hello-World} (installation 1) as a deploy from a comment on it needs
     * GitHub: the installation token, the pull request, replies and reactions, every report, {@code @Codertocat}
     * with write permission, and {@code policy} as the repository's {@code .github/pitapat.yml} on master.
     */
    public static void servesPullRequest7(WireMockExtension github, String policy) {
        servesPullRequest7(github, policy, java.util.regex.Pattern.quote(HELLO_WORLD));
    }

    /**
     * The same for every repository whose {@code /repos/<owner>/<name>} path matches {@code repos} (a regular
     * expression), each with pull request #7 and the same {@code policy}: many apps, one stand-in.
     */
    public static void servesPullRequest7(WireMockExtension github, String policy, String repos) {
        github.stubFor(get(urlEqualTo("/app")).willReturn(fixture(200, "app.json")));
        github.stubFor(post(urlEqualTo("/app/installations/1/access_tokens"))
                .willReturn(fixture(201, "installation-token.json")));
        github.stubFor(get(urlMatching(repos + "/pulls/7")).willReturn(fixture(200, "pull-request.json")));
        github.stubFor(
                post(urlMatching(repos + "/issues/7/comments")).willReturn(fixture(201, "issue-comment-created.json")));
        github.stubFor(get(urlMatching(repos + "/issues/7/comments\\?per_page=100&page=1"))
                .willReturn(okJson("[]")));
        github.stubFor(patch(urlMatching(repos + "/issues/comments/[0-9]+"))
                .willReturn(fixture(200, "issue-comment-created.json")));
        github.stubFor(post(urlMatching(repos + "/issues/comments/[0-9]+/reactions"))
                .willReturn(fixture(201, "reaction-created.json")));
        github.stubFor(post(urlMatching(repos + "/check-runs")).willReturn(withNewId(201, "check-run.json")));
        github.stubFor(patch(urlMatching(repos + "/check-runs/[0-9]+")).willReturn(fixture(200, "check-run.json")));
        github.stubFor(post(urlMatching(repos + "/deployments")).willReturn(withNewId(201, "deployment.json")));
        github.stubFor(post(urlMatching(repos + "/deployments/[0-9]+/statuses"))
                .willReturn(fixture(201, "deployment-status.json")));
        github.stubFor(get(urlMatching(repos + "/collaborators/Codertocat/permission"))
                .willReturn(fixture(200, "collaborator-permission-write.json")));
        github.stubFor(get(urlMatching(repos + "/contents/\\.github/pitapat\\.yml\\?ref=master"))
                .willReturn(contents(policy)));
    }

    /**
     * The settings of a bot whose GitHub App ({@code 4242}, installation 1, signing with {@code key}) talks to this
     * stand-in and whose webhook is signed with {@code secret}; the map takes more settings.
     */
    public static java.util.Map<String, String> appSettings(WireMockExtension github, String key, String secret) {
        return new java.util.HashMap<>(java.util.Map.of(
                "pitapat.github.app-id",
                "4242",
                "pitapat.github.private-key",
                key,
                "pitapat.github.api-url",
                github.baseUrl(),
                "pitapat.github.webhook-secret",
                secret));
    }

    /** The bodies of the requests GitHub got so far whose method is {@code method} and URL contains {@code part}. */
    public static java.util.List<String> requests(WireMockExtension github, String method, String part) {
        return github.getAllServeEvents().stream()
                .map(com.github.tomakehurst.wiremock.stubbing.ServeEvent::getRequest)
                .filter(r ->
                        r.getMethod().getName().equals(method) && r.getUrl().contains(part))
                .map(com.github.tomakehurst.wiremock.verification.LoggedRequest::getBodyAsString)
                .toList();
    }

    /** A recorded reply. */
    public static ResponseDefinitionBuilder fixture(int status, String name) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(read(name));
    }

    /** A recorded reply's text, for tests that change fields of it. */
    public static String fixtureText(String name) {
        return new String(read(name), StandardCharsets.UTF_8);
    }

    /** A recorded reply with a fresh {@code id}, as GitHub gives every new check run or deployment its own. */
    public static ResponseDefinitionBuilder withNewId(int status, String name) {
        String body = new String(read(name), StandardCharsets.UTF_8)
                .replaceFirst("\"id\": *[0-9]+", "\"id\": {{randomInt lower=100000 upper=999999999}}");
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body)
                .withTransformers("response-template");
    }

    /** GitHub's answer to a contents request for {@code .github/pitapat.yml} holding this text. */
    public static ResponseDefinitionBuilder contents(String yaml) {
        String content = Base64.getMimeEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8));
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"type\":\"file\",\"encoding\":\"base64\",\"size\":" + yaml.length()
                        + ",\"name\":\"pitapat.yml\",\"path\":\".github/pitapat.yml\","
                        + "\"sha\":\"3d21ec53a331a6f037a91c368710b99387d012c1\",\"content\":\""
                        + content.replace("\r\n", "\\n") + "\"}");
    }

    /** GitHub's answer to {@code GET /user}: the signed-in person is {@code login}. */
    public static String user(String login) {
        ObjectNode user = (ObjectNode) MAPPER.readTree(read("user.json"));
        return MAPPER.writeValueAsString(user.put("login", login));
    }

    /** GitHub's answer to {@code GET /user/installations} (one page): the App's installations with these ids. */
    public static String userInstallations(long... ids) {
        ObjectNode page = (ObjectNode) MAPPER.readTree(read("user-installations.json"));
        ArrayNode installations = (ArrayNode) page.path("installations");
        ObjectNode example = (ObjectNode) installations.get(0);
        installations.removeAll();
        for (long id : ids) {
            installations.add(example.deepCopy().put("id", id));
        }
        return MAPPER.writeValueAsString(page.put("total_count", ids.length));
    }

    /** GitHub's answer to {@code GET /user/installations/{id}/repositories} (one page): these repositories. */
    public static String userRepositories(String... fullNames) {
        ObjectNode page = (ObjectNode) MAPPER.readTree(read("user-installation-repositories.json"));
        ArrayNode repositories = (ArrayNode) page.path("repositories");
        ObjectNode example = (ObjectNode) repositories.get(0);
        repositories.removeAll();
        for (String fullName : fullNames) {
            ObjectNode repository = example.deepCopy()
                    .put("full_name", fullName)
                    .put("name", fullName.substring(fullName.indexOf('/') + 1));
            ((ObjectNode) repository.path("owner")).put("login", fullName.substring(0, fullName.indexOf('/')));
            repositories.add(repository);
        }
        return MAPPER.writeValueAsString(page.put("total_count", fullNames.length));
    }

    /**
     * GitHub's answer for pull request {@code number} of {@code repo} ({@code owner/name}, id {@code repoId}) from its
     * branch {@code head} to {@code base}: {@code open}, {@code closed} or {@code merged}, as a whole pull request or
     * one of a list.
     */
    public static ObjectNode pullRequest(String repo, long repoId, int number, String head, String base, String state) {
        ObjectNode pr = (ObjectNode) MAPPER.readTree(read("pull-request.json"));
        pr.put("number", number)
                .put("url", "https://api.github.com/repos/" + repo + "/pulls/" + number)
                .put("html_url", "https://github.com/" + repo + "/pull/" + number)
                .put("state", state.equals("open") ? "open" : "closed")
                .put("merged", state.equals("merged"));
        if (state.equals("merged")) {
            pr.put("merged_at", "2026-03-02T10:00:00Z").put("closed_at", "2026-03-02T10:00:00Z");
        } else if (state.equals("closed")) {
            pr.put("closed_at", "2026-03-02T10:00:00Z");
        }
        String owner = repo.substring(0, repo.indexOf('/'));
        for (String side : new String[] {"head", "base"}) {
            ObjectNode ref = (ObjectNode) pr.path(side);
            ref.put("ref", side.equals("head") ? head : base)
                    .put("label", owner + ":" + (side.equals("head") ? head : base));
            ((ObjectNode) ref.path("repo")).put("id", repoId).put("full_name", repo);
        }
        return pr;
    }

    /** GitHub's answer listing these pull requests. */
    public static String pullRequests(ObjectNode... pullRequests) {
        ArrayNode list = MAPPER.createArrayNode();
        for (ObjectNode pr : pullRequests) {
            ObjectNode simple = pr.deepCopy();
            simple.remove("merged"); // a list says merged_at only
            list.add(simple);
        }
        return MAPPER.writeValueAsString(list);
    }

    private static byte[] read(String name) {
        try (InputStream in = GitHubStandIn.class.getResourceAsStream("/github-api/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no recorded reply github-api/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
