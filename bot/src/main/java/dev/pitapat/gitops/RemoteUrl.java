package dev.pitapat.gitops;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code pitapat.gitops.repo} taken apart: how it is reached, the URL JGit is given (an http(s) URL loses its
 * user-info, which travels per command instead), and the form shown in messages, logs and health.
 *
 * @param scheme {@code local} for a path on this machine, {@code ssh} for {@code user@host:path}, else the
 *     URL's scheme in lower case
 * @param url what JGit clones, fetches and pushes; never carries a password
 * @param shown the repository as people see it; user-info is replaced by {@code [redacted]}
 * @param host the host of a URL; empty for a local path
 * @param userInfo the login written into an http(s) URL, if any
 */
record RemoteUrl(
        String scheme, String url, String shown, Optional<String> host, Optional<GitCredentials.Login> userInfo) {

    private static final Pattern SCP_LIKE = Pattern.compile("[^/]+@[^:]+:.*");
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");
    private static final Pattern LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}|localhost|\\[?::1]?");

    /** Takes {@code repo} apart; an http(s) URL that does not parse is refused without repeating it. */
    static RemoteUrl parse(String repo) {
        if (!repo.contains("://")) {
            return SCP_LIKE.matcher(repo).matches()
                    ? new RemoteUrl("ssh", repo, redact(repo), Optional.of(scpHost(repo)), Optional.empty())
                    : new RemoteUrl("local", repo, repo, Optional.empty(), Optional.empty());
        }
        String scheme = repo.substring(0, repo.indexOf("://")).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new RemoteUrl(scheme, repo, redact(repo), hostOf(repo), Optional.empty());
        }
        URI uri;
        try {
            uri = new URI(repo);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid " + scheme + ":// URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("a " + scheme + ":// URL without a host");
        }
        Optional<GitCredentials.Login> login = Optional.ofNullable(uri.getUserInfo())
                .filter(info -> !info.isEmpty())
                .map(info -> {
                    int colon = info.indexOf(':');
                    return colon < 0
                            ? new GitCredentials.Login(info, "")
                            : new GitCredentials.Login(info.substring(0, colon), info.substring(colon + 1));
                });
        String clean = USER_INFO.matcher(repo).replaceFirst("$1");
        return new RemoteUrl(scheme, clean, redact(repo), Optional.of(uri.getHost()), login);
    }

    /** {@code text} with the user-info of any URL in it replaced by {@code [redacted]}. */
    static String redact(String text) {
        String urls = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/\\s@]*@")
                .matcher(text)
                .replaceAll("$1[redacted]@");
        // user:password@host:path (scp-like) keeps its user name, loses the password
        return urls.replaceAll("^([^/:@\\s]+):[^/@\\s]*@", "$1:[redacted]@");
    }

    boolean local() {
        return scheme.equals("local");
    }

    boolean http() {
        return scheme.equals("http") || scheme.equals("https");
    }

    /** Whether the host is this machine (127.0.0.0/8, {@code ::1}, {@code localhost}). */
    boolean loopback() {
        return host.map(h -> LOOPBACK.matcher(h.toLowerCase(Locale.ROOT)).matches())
                .orElse(false);
    }

    private static String scpHost(String repo) {
        return repo.substring(repo.indexOf('@') + 1, repo.indexOf(':', repo.indexOf('@')));
    }

    private static Optional<String> hostOf(String repo) {
        try {
            return Optional.ofNullable(new URI(repo).getHost());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
