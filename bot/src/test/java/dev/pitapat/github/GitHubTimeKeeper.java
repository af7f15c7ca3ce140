package dev.pitapat.github;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.pitapat.testing.MovableClock;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WireMock as GitHub keeping its own time, as GitHub does: every answer carries a {@code Date} header in that time;
 * the App's JWT is judged against it (signature, {@code iat} in the past, {@code exp} in the future and at most ten
 * minutes ahead) and refused with GitHub's {@code 401} and words otherwise; {@code POST
 * /app/installations/{id}/access_tokens} hands out a new token valid one hour of that time; and a request with a
 * token it did not issue, or one past its {@code expires_at}, is refused {@code 401 Bad credentials}. Other answers
 * are the stubs'.
 */
final class GitHubTimeKeeper implements ResponseDefinitionTransformerV2 {

    static final String IAT_IN_FUTURE = "'Issued at' claim ('iat') must be an Integer representing a time in the past";
    static final String EXP_IN_PAST =
            "'Expiration time' claim ('exp') must be a numeric value representing the future" + " time";
    static final String EXP_TOO_FAR = "'Expiration time' claim ('exp') is too far in the future";
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

    /** GitHub's own time. */
    final MovableClock clock;

    private final Map<String, Instant> issued = new ConcurrentHashMap<>();
    private final AtomicInteger tokens = new AtomicInteger();

    GitHubTimeKeeper(Instant now) {
        this.clock = new MovableClock(now);
    }

    @Override
    public String getName() {
        return "github-time-keeper";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Instant now = clock.instant();
        String authorization = event.getRequest().getHeader("Authorization");
        String bearer = authorization == null ? "" : authorization.replaceFirst("^Bearer ", "");
        String url = event.getRequest().getUrl();
        ResponseDefinitionBuilder answer;
        if (bearer.startsWith("eyJ")) {
            Optional<String> refusal = refusalOfJwt(bearer, now);
            if (refusal.isPresent()) {
                answer = error(401, refusal.get());
            } else if (url.matches("/app/installations/[0-9]+/access_tokens")) {
                String token = "ghs_timekeeper" + tokens.incrementAndGet();
                Instant expiresAt = now.plus(TOKEN_LIFETIME);
                issued.put(token, expiresAt);
                answer = new ResponseDefinitionBuilder()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody("{\"token\":\"" + token + "\",\"expires_at\":\"" + expiresAt + "\"}");
            } else {
                answer = ResponseDefinitionBuilder.like(event.getResponseDefinition());
            }
        } else {
            Instant expiresAt = issued.get(bearer);
            answer = expiresAt == null || !now.isBefore(expiresAt)
                    ? error(401, "Bad credentials")
                    : ResponseDefinitionBuilder.like(event.getResponseDefinition());
        }
        return answer.withHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC)))
                .build();
    }

    /** Back to {@code now}, with no token handed out yet. */
    void reset(Instant now) {
        clock.set(now);
        issued.clear();
        tokens.set(0);
    }

    /** Tokens handed out so far. */
    int tokensIssued() {
        return tokens.get();
    }

    /** GitHub's words for a JWT it does not take now. */
    private static Optional<String> refusalOfJwt(String jwt, Instant now) {
        Claims claims;
        try {
            claims = Jwts.parser()
                    .verifyWith(TestKeys.RSA.getPublic())
                    .clock(() -> Date.from(now))
                    .build()
                    .parseSignedClaims(jwt)
                    .getPayload();
        } catch (ExpiredJwtException e) {
            return Optional.of(EXP_IN_PAST);
        } catch (JwtException e) {
            return Optional.of("A JSON web token could not be decoded");
        }
        if (claims.getIssuedAt() == null || claims.getIssuedAt().toInstant().isAfter(now)) {
            return Optional.of(IAT_IN_FUTURE);
        }
        if (claims.getExpiration().toInstant().isAfter(now.plus(Duration.ofMinutes(10)))) {
            return Optional.of(EXP_TOO_FAR);
        }
        return Optional.empty();
    }

    private static ResponseDefinitionBuilder error(int status, String message) {
        return new ResponseDefinitionBuilder()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"message\":\"" + message.replace("\"", "\\\"")
                        + "\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"" + status + "\"}");
    }
}
