package dev.pitapat.status;

import dev.pitapat.github.GitHubException;
import dev.pitapat.github.UserRepositories;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves the {@link Viewer} of a request, once per request, for any controller method that takes one.
 *
 * <p>Without sign-in configured it is {@link Viewer#EVERYONE}: {@link LoopbackOnlyFilter} has already turned away
 * every client that is not loopback. With sign-in, Spring Security has let only signed-in people through; their
 * repositories are asked of GitHub with their own token ({@link UserRepositories}) and kept in their session for
 * {@link #FRESH_FOR}, so a page view costs no GitHub call (and a repository someone lost access to stays visible
 * to them at most that long). GitHub's answer failing shows nothing ({@link RepositoriesUnknownException}); a token
 * GitHub no longer takes (its user tokens last 8 hours, and can be revoked) means signing in again
 * ({@link SignInAgainException}).
 */
final class Viewers implements HandlerMethodArgumentResolver {

    /** How long a person's list of repositories is used before GitHub is asked again. */
    static final Duration FRESH_FOR = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(Viewers.class);
    private static final String RESOLVED = Viewer.class.getName();
    private static final String LISTED = Viewers.class.getName() + ".listed";

    /** What GitHub said a person can read, and when; kept in their session. */
    private record Listed(String login, Set<String> repositories, Instant at) implements Serializable {}

    private final @Nullable SignedIn signedIn;

    /** The people signed in with GitHub: their tokens and what GitHub lists for them. */
    record SignedIn(OAuth2AuthorizedClientRepository tokens, UserRepositories repositories, Clock clock) {}

    private Viewers(@Nullable SignedIn signedIn) {
        this.signedIn = signedIn;
    }

    /** Every loopback client sees everything: sign-in is not configured. */
    static Viewers loopbackOnly() {
        return new Viewers(null);
    }

    /** Each person sees what GitHub lists for them. */
    static Viewers signedIn(SignedIn signedIn) {
        return new Viewers(signedIn);
    }

    /** The viewer of this request. */
    Viewer of(HttpServletRequest request) {
        if (request.getAttribute(RESOLVED) instanceof Viewer resolved) {
            return resolved;
        }
        Viewer viewer = signedIn == null ? Viewer.EVERYONE : person(request, signedIn);
        request.setAttribute(RESOLVED, viewer);
        return viewer;
    }

    private static Viewer.Person person(HttpServletRequest request, SignedIn signedIn) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof OAuth2AuthenticationToken signIn)) {
            // Spring Security lets nobody else reach a controller; never show anything to a request that did.
            throw new IllegalStateException("a request reached the status pages without signing in");
        }
        String login = signIn.getName();
        OAuth2AuthorizedClient client = signedIn.tokens()
                .loadAuthorizedClient(signIn.getAuthorizedClientRegistrationId(), authentication, request);
        if (client == null) {
            throw new SignInAgainException("your GitHub sign-in is not in this session any more");
        }
        Instant now = signedIn.clock().instant();
        HttpSession session = request.getSession();
        if (session.getAttribute(LISTED) instanceof Listed listed
                && listed.login().equals(login)
                && now.isBefore(listed.at().plus(FRESH_FOR))) {
            return new Viewer.Person(login, listed.repositories());
        }
        Set<String> repositories;
        try {
            repositories = signedIn.repositories()
                    .readableBy(login, client.getAccessToken().getTokenValue());
        } catch (GitHubException e) {
            if (e.isUnauthorized()) {
                // GitHub's word, not the token's stated expiry: an App may have opted out of expiring tokens
                throw new SignInAgainException("your GitHub sign-in has expired or was revoked");
            }
            log.warn("Showing {} nothing: {}", login, e.getMessage());
            throw new RepositoriesUnknownException(e.getMessage());
        }
        session.setAttribute(LISTED, new Listed(login, repositories, now));
        return new Viewer.Person(login, repositories);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(Viewer.class);
    }

    @Override
    public Viewer resolveArgument(
            MethodParameter parameter,
            @Nullable ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            @Nullable WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        if (request == null) {
            throw new IllegalStateException("a Viewer is resolved only for servlet requests");
        }
        return of(request);
    }

    /** The person's sign-in no longer holds: they sign in again. The message says why, to them. */
    static final class SignInAgainException extends RuntimeException {
        SignInAgainException(String why) {
            super(why, null, false, false);
        }
    }

    /** GitHub could not say what the person can read, so they see nothing. The message says what failed. */
    static final class RepositoriesUnknownException extends RuntimeException {
        RepositoriesUnknownException(String failure) {
            super(failure, null, false, false);
        }
    }
}
