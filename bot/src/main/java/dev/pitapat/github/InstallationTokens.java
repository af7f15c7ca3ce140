package dev.pitapat.github;

import dev.pitapat.model.RepoRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The App's installation access tokens for one repository, for clients other than the REST API (Git over
 * HTTPS). The repository's installation is found with the App's JWT ({@code GET
 * /repos/{owner}/{repo}/installation}) and remembered; its token comes from the App's cache, renewed five
 * minutes before it expires. A token a server refused is dropped, and the installation is looked up again
 * (the App may have been reinstalled), so the next call gets a fresh one.
 */
public final class InstallationTokens {

    private static final Pattern LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}|localhost|\\[?::1]?");

    private final GitHubAppClient app;
    private final URI apiUrl;
    private final Map<RepoRef, Long> installations = new ConcurrentHashMap<>();

    InstallationTokens(GitHubAppClient app, URI apiUrl) {
        this.app = app;
        this.apiUrl = apiUrl;
    }

    /**
     * The repository a Git URL names on this App's GitHub: {@code https://<host>/<owner>/<repo>(.git)} whose
     * host is the API's host or, as for github.com, the API's host without {@code api.} (GitHub Enterprise
     * serves both from one host). Plain {@code http://} only to a loopback host. Empty for anything else: the
     * App's tokens go nowhere but its own GitHub.
     */
    public Optional<RepoRef> repositoryAt(String gitUrl) {
        return repositoryAt(gitUrl, apiUrl);
    }

    /** The same, for the GitHub whose REST API is at {@code apiUrl}. */
    public static Optional<RepoRef> repositoryAt(String gitUrl, URI apiUrl) {
        URI uri;
        try {
            uri = new URI(gitUrl);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        String host = Optional.ofNullable(uri.getHost()).orElse("").toLowerCase(Locale.ROOT);
        String apiHost = Optional.ofNullable(apiUrl.getHost()).orElse("").toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("https")
                || scheme.equals("http") && LOOPBACK.matcher(host).matches();
        boolean sameGitHub = !host.isEmpty() && (host.equals(apiHost) || apiHost.equals("api." + host));
        if (!secure || !sameGitHub || uri.getUserInfo() != null || uri.getRawPath() == null) {
            return Optional.empty();
        }
        String path = uri.getRawPath().replaceAll("^/+|/+$", "").replaceAll("\\.git$", "");
        String[] parts = path.split("/");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RepoRef(parts[0], parts[1]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * An installation access token that may act on {@code repo}, as far as the App's installation there
     * permits.
     *
     * @throws GitHubException when the App is not installed on the repository or GitHub cannot answer
     */
    public String tokenFor(RepoRef repo) {
        return app.installationToken(installationOf(repo));
    }

    /** A server refused {@code token} for {@code repo}: the next {@link #tokenFor} gets a fresh one. */
    public void refused(RepoRef repo, String token) {
        Long installation = installations.get(repo);
        if (installation != null && app.forgetToken(installation, token)) {
            installations.remove(repo, installation); // the App may have been reinstalled: look it up again
        }
    }

    private long installationOf(RepoRef repo) {
        Long known = installations.get(repo);
        if (known != null) {
            return known;
        }
        String description = "finding the GitHub App's installation on " + repo;
        long id = Answers.id(
                app.asApp(Call.get(
                        "repository_installation",
                        description,
                        "/repos/" + repo.owner() + "/" + repo.name() + "/installation")),
                "id",
                description);
        installations.put(repo, id);
        return id;
    }
}
