package dev.pitapat.github;

import io.jsonwebtoken.Jwts;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Acts as the App: signs the App's JWT and exchanges it for installation access tokens, kept per
 * installation until {@link #REFRESH_BEFORE} before they expire. A {@code 401} on an installation call
 * drops the token and tries once more with a fresh one.
 *
 * <p>Both happen in GitHub's time ({@link GitHubClock}): the JWT's {@code iat} and {@code exp} and a token's
 * {@code expires_at} are read against the clock GitHub's {@code Date} headers show, not this machine's. A JWT GitHub
 * refuses ({@code 401}) in an answer that showed its clock elsewhere than pitapat assumed is signed again in
 * GitHub's time and sent once more.
 */
final class GitHubAppClient {

    /**
     * GitHub accepts at most 10 minutes; the issue time is set back a minute, as GitHub advises, for the drift that
     * the offset learnt from its {@code Date} headers does not cover (whole seconds, not yet learnt).
     */
    static final Duration JWT_BACKDATE = Duration.ofSeconds(60);

    static final Duration JWT_LIFETIME = Duration.ofMinutes(9);
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

    /** Who asks, for {@link GitHubHttp}'s remembered answers: the App, or one installation. */
    private static final String APP_SCOPE = "app";

    private record Token(String value, Instant expiresAt) {}

    private static final Logger log = LoggerFactory.getLogger(GitHubAppClient.class);

    private final GitHubHttp http;
    private final GitHubClock time;
    private final long appId;
    private final RSAPrivateKey key;
    private final Clock clock;
    private final Map<Long, Token> tokens = new ConcurrentHashMap<>();
    private final Map<Long, Lock> exchanges = new ConcurrentHashMap<>();

    GitHubAppClient(GitHubHttp http, long appId, RSAPrivateKey key, Clock clock) {
        this.http = http;
        this.time = http.time();
        this.appId = appId;
        this.key = key;
        this.clock = clock;
    }

    GitHubHttp http() {
        return http;
    }

    Clock clock() {
        return clock;
    }

    /** A JWT that authenticates as the App itself (RS256, {@code iss} = app id), dated in GitHub's time. */
    String jwt() {
        return jwt(time.now());
    }

    private String jwt(Instant now) {
        return Jwts.builder()
                .issuer(Long.toString(appId))
                .issuedAt(Date.from(now.minus(JWT_BACKDATE)))
                .expiration(Date.from(now.plus(JWT_LIFETIME)))
                .signWith(key, Jwts.SIG.RS256)
                .compact();
    }

    /** The call made as the App, with a JWT; once more if GitHub refused it and its answer showed another time. */
    JsonNode asApp(Call call) {
        Duration signedWith = time.offset();
        try {
            return http.send(APP_SCOPE, call, jwt());
        } catch (GitHubException e) {
            if (!e.isUnauthorized() || time.offset().equals(signedWith)) {
                throw e;
            }
            log.info(
                    "{}: GitHub refused the App's JWT, dated by this machine's clock; signing it in GitHub's time",
                    call.description());
            return http.send(APP_SCOPE, call, jwt());
        }
    }

    /** The call made as the installation, with its access token. */
    JsonNode asInstallation(long installationId, Call call) {
        Token token = tokenFor(installationId);
        try {
            return http.send(installationScope(installationId), call, token.value());
        } catch (GitHubException e) {
            if (!e.isUnauthorized()) {
                throw e;
            }
            tokens.remove(installationId, token);
            return http.send(
                    installationScope(installationId),
                    call,
                    tokenFor(installationId).value());
        }
    }

    /** The installation's access token for clients other than the REST API (Git over HTTPS), from the cache. */
    String installationToken(long installationId) {
        return tokenFor(installationId).value();
    }

    /**
     * A client was refused with {@code token}: drop it if it is the cached one, so the next call exchanges a
     * fresh one. Whether it was.
     */
    boolean forgetToken(long installationId, String token) {
        Token cached = tokens.get(installationId);
        return cached != null && cached.value().equals(token) && tokens.remove(installationId, cached);
    }

    private static String installationScope(long installationId) {
        return "installation " + installationId;
    }

    private Token tokenFor(long installationId) {
        Token cached = tokens.get(installationId);
        if (cached != null && fresh(cached)) {
            return cached;
        }
        Lock lock = exchanges.computeIfAbsent(installationId, id -> new ReentrantLock());
        lock.lock();
        try {
            cached = tokens.get(installationId);
            if (cached != null && fresh(cached)) {
                return cached;
            }
            Token token = exchange(installationId);
            tokens.put(installationId, token);
            return token;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A new installation token that may only read the contents of {@code repo} (one of the installation's), for a
     * build to fetch one commit: never cached, and never used by pitapat itself. GitHub lets it live an hour.
     */
    String readOnlyToken(long installationId, String repo) {
        String description = "creating a read-only token for " + repo + " (installation " + installationId + ")";
        tools.jackson.databind.node.ObjectNode body = http.json().createObjectNode();
        body.putArray("repositories").add(repo);
        body.putObject("permissions").put("contents", "read");
        JsonNode answer = asApp(Call.post(
                "installation_token",
                description,
                "/app/installations/" + installationId + "/access_tokens",
                Optional.of(body)));
        return answer.path("token")
                .stringValueOpt()
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> new GitHubException(description, "GitHub's answer has no token", false, null));
    }

    /** {@code expires_at} is GitHub's time. */
    private boolean fresh(Token token) {
        return time.now().isBefore(token.expiresAt().minus(REFRESH_BEFORE));
    }

    private Token exchange(long installationId) {
        String description = "creating an access token for installation " + installationId;
        JsonNode answer = asApp(Call.post(
                "installation_token",
                description,
                "/app/installations/" + installationId + "/access_tokens",
                Optional.empty()));
        Optional<String> token = answer.path("token").stringValueOpt().filter(value -> !value.isBlank());
        Optional<String> expiresAt = answer.path("expires_at").stringValueOpt();
        if (token.isEmpty() || expiresAt.isEmpty()) {
            throw new GitHubException(description, "GitHub's answer has no token or expires_at", false, null);
        }
        try {
            return new Token(token.get(), Instant.parse(expiresAt.get()));
        } catch (DateTimeParseException e) {
            throw new GitHubException(description, "GitHub's expires_at is not a timestamp", false, null);
        }
    }
}
