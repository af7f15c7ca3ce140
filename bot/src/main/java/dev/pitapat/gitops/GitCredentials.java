package dev.pitapat.gitops;

import java.util.Optional;

/**
 * Who pitapat is to the GitOps repository over HTTP(S). JGit asks only when the server demands it (HTTP
 * {@code 401}); the login goes with that one command and is never written into the clone's config or its
 * remote URL. A refused login is handed back through {@link #refused}, and one fresh login is tried when
 * {@link #login()} then has a different one (an installation token that expired or was revoked).
 *
 * <p>The configured ones (a token, or the user-info of the URL) are made here; others, like the GitHub App's
 * installation token, are a bean of this type, which {@link GitOpsConfiguration} uses when no token is set.
 */
public interface GitCredentials {

    /** The user name GitHub (and most Git hosts) take with a token as the password. */
    String TOKEN_USER = "x-access-token";

    /** HTTP Basic user name and password. {@link #toString()} never shows the password. */
    record Login(String user, String password) {
        @Override
        public String toString() {
            return "Login[user=" + user + ", password=(hidden)]";
        }
    }

    /**
     * The login to send now; empty to stay anonymous.
     *
     * @throws RuntimeException when none can be had right now; its message says why and carries no secret
     */
    Optional<Login> login();

    /** The server refused {@code login}: forget it, so the next {@link #login()} is a fresh one if there is one. */
    void refused(Login login);

    /** Where the login comes from, for logs and health: never the secret itself. */
    String source();

    /** What an operator changes when the server refuses the login, naming the setting. */
    String remedy();

    /** No credentials: public repositories and local paths. */
    static GitCredentials anonymous() {
        return new Configured(
                Optional.empty(),
                "none",
                "set pitapat.gitops.token to a token that may read and push to it, or configure the GitHub App"
                        + " (pitapat.github.app-id) and install it on the repository");
    }

    /** A token set by the operator, sent as the password of {@value #TOKEN_USER}. */
    static GitCredentials token(String token) {
        return new Configured(
                Optional.of(new Login(TOKEN_USER, token)),
                "pitapat.gitops.token",
                "check pitapat.gitops.token: it must be a current token (not expired or revoked) that may read and"
                        + " push to the repository (contents: read and write)");
    }

    /** The user name and password written into the https:// URL of {@code pitapat.gitops.repo}. */
    static GitCredentials userInfo(Login login) {
        return new Configured(
                Optional.of(login),
                "the user-info of pitapat.gitops.repo",
                "check the user name and password in the URL of pitapat.gitops.repo, or remove them and set"
                        + " pitapat.gitops.token");
    }

    /** Credentials that never change: a refused login is final. */
    record Configured(Optional<Login> fixed, String source, String remedy) implements GitCredentials {
        @Override
        public Optional<Login> login() {
            return fixed;
        }

        @Override
        public void refused(Login login) {}

        @Override
        public String toString() {
            return "GitCredentials[" + source + "]";
        }
    }
}
