package dev.pitapat.status;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * What people and API clients read about signing in: not signed in yet (a browser goes to GitHub; {@code /api}
 * answers {@code 401} and says where to sign in), a sign-in that GitHub did not complete, a sign-in that has ended,
 * and GitHub not saying which repositories someone can read. Never a token, a stack trace or GitHub's own error
 * description.
 */
@RestControllerAdvice
class SignInAnswers {

    /** Where signing in with GitHub starts (Spring Security's authorization request for the registration). */
    static final String SIGN_IN = "/oauth2/authorization/" + SignInConfiguration.REGISTRATION;

    static final String SIGN_IN_FIRST = "not signed in: sign in with GitHub at " + SIGN_IN
            + " (in a browser), then call /api with the session cookie that sign-in sets";

    private static final Logger log = LoggerFactory.getLogger(SignInAnswers.class);

    /** Spring Security's entry point: {@code /api} answers 401 as JSON, anything else goes to sign in. */
    static void signInFirst(HttpServletRequest request, HttpServletResponse response, AuthenticationException why)
            throws IOException {
        if (isApi(request)) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write("{\"error\":\"" + SIGN_IN_FIRST + "\"}");
            return;
        }
        response.sendRedirect(request.getContextPath() + SIGN_IN);
    }

    /**
     * GitHub's answer did not sign the person in: the callback's {@code state} matches no sign-in started in this
     * browser (or was used already), GitHub refused, or GitHub's token or user could not be read. Answered with
     * {@code 401} and a line saying what to do; only the OAuth error code is logged.
     */
    static void signInFailed(HttpServletRequest request, HttpServletResponse response, AuthenticationException why)
            throws IOException {
        String code = why instanceof OAuth2AuthenticationException oauth
                ? oauth.getError().getErrorCode()
                : why.getClass().getSimpleName();
        log.info("A sign-in with GitHub did not complete: {}", code);
        String reason = switch (code) {
            case "authorization_request_not_found", "invalid_state_parameter" ->
                "GitHub's answer does not belong to a sign-in started in this browser (its state does not"
                        + " match one pitapat sent, or it was used already)";
            case "access_denied" -> "GitHub says access was not granted";
            case "invalid_token_response" -> "GitHub did not give pitapat a token for you";
            case "invalid_user_info_response" -> "GitHub did not say who you are";
            default -> "GitHub's answer could not be checked (" + code + ")";
        };
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType(MediaType.TEXT_PLAIN_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter()
                .write("Signing in with GitHub did not complete: " + reason + ". Start again at "
                        + request.getContextPath() + SIGN_IN + "\n");
    }

    @ExceptionHandler(Viewers.SignInAgainException.class)
    ResponseEntity<ErrorBody> signInAgain(Viewers.SignInAgainException e, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        if (!isApi(request)) {
            return ResponseEntity.status(HttpStatus.FOUND)
                    .location(URI.create(request.getContextPath() + SIGN_IN))
                    .build();
        }
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .body(new ErrorBody(e.getMessage() + ": sign in again with GitHub at " + SIGN_IN
                        + " (in a browser), then call /api with the session cookie that sign-in sets"));
    }

    @ExceptionHandler(Viewers.RepositoriesUnknownException.class)
    ResponseEntity<ErrorBody> repositoriesUnknown(Viewers.RepositoriesUnknownException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(new ErrorBody("GitHub could not say which repositories you can read (" + e.getMessage()
                        + "), so nothing is shown; try again in a minute"));
    }

    static boolean isApi(HttpServletRequest request) {
        String path = request.getServletPath();
        return path.equals("/api") || path.startsWith("/api/");
    }

    record ErrorBody(String error) {}
}
