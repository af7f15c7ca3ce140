package dev.pitapat.gitops;

import dev.pitapat.model.SecretRedactor;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.jspecify.annotations.Nullable;

/**
 * The GitOps repository as JGit reaches it: every clone, fetch, push and ls-remote is built here with a
 * {@link CredentialsProvider} of its own, so a login travels with one command and never lands in the clone's
 * {@code .git/config} (the URL JGit gets has no user-info). A refused login is reported to the
 * {@link GitCredentials}, and one fresh login is tried within the same command. A refusal becomes a
 * {@link GitOpsAccessException} naming the setting to fix; the last refusal of reading and of pushing is kept
 * for the health indicator until that kind of command succeeds again.
 */
final class GitRemote {

    /** Logins tried by one command: the first, and one fresh one after a {@code 401}. */
    static final int MAX_LOGINS = 2;

    private enum Service {
        READ,
        PUSH
    }

    private final RemoteUrl url;
    private final GitCredentials credentials;
    private final Map<Service, String> refusals = new ConcurrentHashMap<>();
    private volatile Optional<String> cloneProblem = Optional.empty();

    GitRemote(RemoteUrl url, GitCredentials credentials) {
        this.url = url;
        this.credentials = credentials;
    }

    /**
     * The remote for {@code repo}; credentials from its URL's user-info when it has some, else {@code
     * credentials}.
     */
    static GitRemote of(String repo, GitCredentials credentials) {
        RemoteUrl url = RemoteUrl.parse(repo);
        return new GitRemote(url, url.userInfo().map(GitCredentials::userInfo).orElse(credentials));
    }

    /** The remote of {@code properties}: the credentials set there, else {@code fallback}. */
    static GitRemote of(GitOpsProperties properties, GitCredentials fallback) {
        return new GitRemote(
                RemoteUrl.parse(properties.repo()),
                properties.configuredCredentials().orElse(fallback));
    }

    /** The URL (or path) JGit is given: never with user-info. */
    String url() {
        return url.url();
    }

    /** The repository as shown in messages, logs and health: user-info redacted. */
    String shown() {
        return url.shown();
    }

    /** Where the credentials come from, never what they are. */
    String credentialsSource() {
        return credentials.source();
    }

    /** The working clone could not be used nor made again; kept until a fetch into it works. */
    void cloneUnusable(String problem) {
        cloneProblem = Optional.of(problem);
    }

    void cloneUsable() {
        cloneProblem = Optional.empty();
    }

    /** Why the working clone cannot be used, while it cannot. */
    Optional<String> cloneProblem() {
        return cloneProblem;
    }

    /** Why the last read or push was refused, until such a command succeeds again. */
    Optional<String> refusal() {
        return Optional.ofNullable(refusals.get(Service.PUSH))
                .or(() -> Optional.ofNullable(refusals.get(Service.READ)));
    }

    /**
     * Runs {@code command} with this remote's credentials.
     *
     * @param what what pitapat was doing, the start of a refusal's message
     * @throws GitOpsAccessException when the repository refused the credentials or the operation
     * @throws GitAPIException for every other failure, as JGit reports it
     */
    <C extends TransportCommand<C, T>, T> T call(String what, C command) throws GitAPIException {
        Service service = command instanceof PushCommand ? Service.PUSH : Service.READ;
        Asker asker = new Asker(credentials, url.http() ? origin(URI.create(url.url())) : "");
        if (url.http()) { // ssh and local paths keep JGit's own ways
            command.setCredentialsProvider(asker);
        }
        try {
            T result = command.call();
            refusals.remove(service);
            return result;
        } catch (GitAPIException | RuntimeException e) {
            Optional<String> refused = refusalOf(e, asker, service);
            if (refused.isEmpty()) {
                throw e;
            }
            String message = withoutSecrets(what + ": " + refused.get(), asker.secrets());
            refusals.put(service, message);
            throw new GitOpsAccessException(message, e);
        }
    }

    private Optional<String> refusalOf(Exception failure, Asker asker, Service service) {
        if (asker.failure != null) {
            return Optional.of("no credentials could be had for the GitOps repository " + shown() + " ("
                    + SecretRedactor.redact(String.valueOf(asker.failure.getMessage())) + "); " + credentials.remedy());
        }
        Optional<String> transport = transportMessage(failure);
        if (transport.isEmpty()) {
            return Optional.empty();
        }
        if (url.http() && notFound(failure)) {
            return Optional.of("the GitOps repository " + shown() + " was not found (HTTP 404); check"
                    + " pitapat.gitops.repo. GitHub also answers 404 when the credentials from "
                    + credentials.source() + " may not see the repository: " + credentials.remedy());
        }
        String message = transport.get();
        if (message.endsWith(JGitText.get().notAuthorized) && asker.elsewhere) {
            return Optional.of("the GitOps repository " + shown() + " redirected pitapat to another host that asks"
                    + " for credentials (HTTP 401); pitapat sends them only to the host of pitapat.gitops.repo: give"
                    + " the repository's current URL there");
        }
        if (message.endsWith(JGitText.get().notAuthorized) && asker.asked) {
            return Optional.of(
                    asker.served == 0
                            ? "the GitOps repository " + shown() + " asks for credentials (HTTP 401) and none are"
                                    + " configured; " + credentials.remedy()
                            : "the GitOps repository " + shown() + " refused the credentials from "
                                    + credentials.source() + " (HTTP 401); " + credentials.remedy());
        }
        if (message.matches("(?s).* not permitted on '.*'$")) {
            return Optional.of("the GitOps repository " + shown() + " did not permit "
                    + (service == Service.PUSH ? "a push" : "reading it") + " with the credentials from "
                    + credentials.source() + " (HTTP 403); " + credentials.remedy());
        }
        if (message.endsWith(JGitText.get().authenticationNotSupported)) {
            return Optional.of("the GitOps repository " + shown() + " asks for an authentication other than HTTP"
                    + " Basic with a token (HTTP 401); " + credentials.remedy());
        }
        return Optional.empty();
    }

    /** Belt and braces: the messages are made of pitapat's words and redacted URLs only. */
    private static String withoutSecrets(String text, List<String> secrets) {
        String result = text;
        for (String secret : secrets) {
            if (secret.length() >= 4) {
                result = result.replace(secret, "[redacted]");
            }
        }
        return result;
    }

    /** {@code host:port} with the scheme's default port filled in, to compare where a request goes. */
    private static String origin(URI uri) {
        return origin(uri.getScheme(), uri.getHost(), uri.getPort());
    }

    private static String origin(@Nullable String scheme, @Nullable String host, int port) {
        int effective = port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
        return String.valueOf(host).toLowerCase(Locale.ROOT) + ":" + effective;
    }

    private static boolean notFound(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NoRemoteRepositoryException) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> transportMessage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TransportException && t.getMessage() != null) {
                return Optional.of(t.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Hands JGit the login when the repository's host asks, at most {@link #MAX_LOGINS} different ones per
     * command; never to another host a redirect led to.
     */
    private static final class Asker extends CredentialsProvider {

        private final GitCredentials credentials;
        private final String origin;
        private GitCredentials.@Nullable Login current;
        private GitCredentials.@Nullable Login lastRefused;
        private int served;
        private boolean asked;
        private boolean elsewhere;
        private @Nullable RuntimeException failure;

        Asker(GitCredentials credentials, String origin) {
            this.credentials = credentials;
            this.origin = origin;
        }

        @Override
        public boolean isInteractive() {
            return false;
        }

        @Override
        public boolean supports(CredentialItem... items) {
            for (CredentialItem item : items) {
                if (!(item instanceof CredentialItem.Username) && !(item instanceof CredentialItem.Password)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public synchronized boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
            asked = true;
            if (!origin(uri.getScheme(), uri.getHost(), uri.getPort()).equals(origin)) {
                elsewhere = true;
                return false;
            }
            if (current == null && !next()) {
                return false;
            }
            GitCredentials.Login login = current;
            for (CredentialItem item : items) {
                switch (item) {
                    case CredentialItem.Username user -> user.setValue(login.user());
                    case CredentialItem.Password password ->
                        password.setValue(login.password().toCharArray());
                    default ->
                        throw new UnsupportedCredentialItem(uri, item.getClass().getSimpleName());
                }
            }
            return true;
        }

        private boolean next() {
            if (served >= MAX_LOGINS || failure != null) {
                return false;
            }
            Optional<GitCredentials.Login> next;
            try {
                next = credentials.login();
            } catch (RuntimeException e) {
                failure = e;
                return false;
            }
            if (next.isEmpty() || next.get().equals(lastRefused)) {
                return false; // nothing to send, or nothing fresher than what was just refused
            }
            current = next.get();
            served++;
            return true;
        }

        /** JGit calls this when the server answered {@code 401} to the login it was given. */
        @Override
        public synchronized void reset(URIish uri) {
            GitCredentials.Login refused = current;
            if (refused != null) {
                lastRefused = refused;
                current = null;
                credentials.refused(refused);
            }
        }

        synchronized List<String> secrets() {
            List<String> secrets = new ArrayList<>();
            for (GitCredentials.Login login : new GitCredentials.Login[] {current, lastRefused}) {
                if (login != null && !login.password().isEmpty()) {
                    secrets.add(login.password());
                }
            }
            return secrets;
        }
    }
}
