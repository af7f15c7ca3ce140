package dev.pitapat.github.local;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The stand-in's page, {@code /local-github/example/hello/pull/1}: the example pull request's conversation as
 * GitHub would show it, with forms to comment (as anyone, with the role picked for them), push a commit and press
 * a completed check run's buttons. Rendered on the server from {@code src/main/jte-local-github/pull.jte}; no
 * script. Loopback clients only, as the stand-in's API.
 */
@Controller
class LocalGitHubPage {

    static final String PULL = "/local-github/example/hello/pull/1";

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);
    private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";
    /** How long the page, after a form, reloads itself until the bot has answered. */
    private static final Duration ANSWER = Duration.ofSeconds(15);

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(
            null, ContentType.Html, LocalGitHubPage.class.getClassLoader(), LocalGitHubPage.class.getPackageName());
    private final @Nullable LocalStandIn standIn;
    private final @Nullable LocalActions actions;

    LocalGitHubPage(@Nullable LocalStandIn standIn, @Nullable LocalActions actions) {
        this.standIn = standIn;
        this.actions = actions;
    }

    @GetMapping({"/local-github", "/local-github/example/hello", "/local-github/example/hello/commit/{sha}"})
    ResponseEntity<Void> toThePullRequest(HttpServletRequest request) {
        LocalActions.open(standIn, request);
        return seeOther(PULL);
    }

    /**
     * The pull request. After a form ({@code since}: the timeline's last entry then, {@code until}: when to stop
     * waiting) the page reloads itself every second until the bot has added to the timeline, without a script and
     * without holding a thread.
     */
    @GetMapping(PULL)
    ResponseEntity<String> page(
            @RequestParam(name = "since", required = false) Long since,
            @RequestParam(name = "until", required = false) Long until,
            HttpServletRequest request) {
        LocalActions.open(standIn, request);
        LocalGitHub github = standIn.github();
        boolean waiting = since != null
                && until != null
                && Instant.now().getEpochSecond() < until
                && github.snapshot().timeline().stream()
                        .noneMatch(e -> e.seq() > since && e.actor().equals(LocalGitHub.BOT));
        StringOutput html = new StringOutput();
        templates.render("pull.jte", Map.of("page", PullPage.of(github, csrf(request)), "waiting", waiting), html);
        return html(HttpStatus.OK, html.toString());
    }

    @PostMapping(PULL + "/comments")
    ResponseEntity<?> comment(
            @RequestParam(name = "user", required = false) String user,
            @RequestParam(name = "role", required = false) String role,
            @RequestParam(name = "body", required = false) String body,
            HttpServletRequest request) {
        LocalActions.open(standIn, request);
        long since = lastSeq();
        LocalActions.Done done = actions.comment(user, role, body);
        return seeOther(untilAnswered(since) + "#comment-" + done.comment());
    }

    @PostMapping(PULL + "/pushes")
    ResponseEntity<?> push(HttpServletRequest request) {
        LocalActions.open(standIn, request);
        actions.push();
        return seeOther(PULL);
    }

    @PostMapping("/local-github/example/hello/check-runs/{id}")
    ResponseEntity<?> press(
            @PathVariable("id") long id,
            @RequestParam(name = "action", required = false) String action,
            @RequestParam(name = "user", required = false) String user,
            HttpServletRequest request) {
        LocalActions.open(standIn, request);
        long since = lastSeq();
        actions.press(id, action, user);
        return seeOther(untilAnswered(since));
    }

    @ExceptionHandler(LocalActions.Refused.class)
    ResponseEntity<String> refused(LocalActions.Refused e) {
        return html(
                e.status(),
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Refused · local stand-in for"
                        + " GitHub</title></head><body><p>" + HtmlUtils.htmlEscape(e.getMessage()) + "</p>"
                        + (standIn == null ? "" : "<p><a href=\"" + PULL + "\">Back to the pull request</a></p>")
                        + "</body></html>");
    }

    private static ResponseEntity<String> html(HttpStatus status, String body) {
        return ResponseEntity.status(status)
                .contentType(HTML)
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .body(body);
    }

    private long lastSeq() {
        var timeline = standIn.github().snapshot().timeline();
        return timeline.isEmpty() ? 0 : timeline.getLast().seq();
    }

    private static String untilAnswered(long since) {
        return PULL + "?since=" + since + "&until=" + Instant.now().plus(ANSWER).getEpochSecond();
    }

    private static <T> ResponseEntity<T> seeOther(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(URI.create(location))
                .build();
    }

    /** The CSRF field Spring Security asks forms for, when the page is served behind sign-in. */
    private static Optional<PullPage.Csrf> csrf(HttpServletRequest request) {
        return request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token
                ? Optional.of(new PullPage.Csrf(token.getParameterName(), token.getToken()))
                : Optional.empty();
    }
}
