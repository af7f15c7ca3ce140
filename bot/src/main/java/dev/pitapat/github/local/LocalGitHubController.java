package dev.pitapat.github.local;

import dev.pitapat.github.GitHubConfiguration;
import dev.pitapat.github.local.Conversation.CheckRun;
import dev.pitapat.github.local.Conversation.Comment;
import dev.pitapat.github.local.LocalDeliveries.Delivered;
import dev.pitapat.model.Permission;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The local stand-in's own API, for {@code ./pitapat example}, the stand-in's page and tests: read the pull
 * request's conversation, comment as one of the example's people, give them a role, push a commit, press a
 * check run's button. Each action reaches the bot as a signed webhook through its intake, as GitHub's would.
 * Loopback clients only: whoever can reach it can make the bot deploy the example.
 */
@RestController
@Conditional(GitHubConfiguration.NoAppConfigured.class)
class LocalGitHubController {

    static final String API = "/local-github/api";
    /** GitHub's cap on a comment's body. */
    static final int MAX_BODY = 65_536;

    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");

    private final LocalStandIn standIn;
    private final LocalDeliveries deliveries;

    LocalGitHubController(LocalStandIn standIn, LocalDeliveries deliveries) {
        this.standIn = standIn;
        this.deliveries = deliveries;
    }

    /** The pull request and everything on it, with the timeline in order. */
    record PullRequestView(
            String repository,
            int number,
            String title,
            String author,
            String branch,
            String headSha,
            List<String> commits,
            Conversation conversation) {}

    record CommentRequest(@Nullable String body, @Nullable String user) {}

    record RoleRequest(@Nullable String role) {}

    record PressRequest(@Nullable String user) {}

    record Answer(
            String delivery,
            int intakeStatus,
            String intakeAnswer,
            @Nullable Long comment,
            @Nullable String sha) {
        static Answer of(Delivered delivered, @Nullable Long comment, @Nullable String sha) {
            return new Answer(delivered.delivery(), delivered.status(), delivered.answer(), comment, sha);
        }
    }

    record Problem(String error) {}

    @GetMapping(API + "/pull")
    PullRequestView pullRequest(HttpServletRequest request) {
        loopbackOnly(request);
        LocalGitHub github = standIn.github();
        ExampleRepository repository = github.repository();
        return new PullRequestView(
                LocalGitHub.REPO.toString(),
                LocalGitHub.PULL_REQUEST,
                LocalGitHub.PULL_REQUEST_TITLE,
                LocalGitHub.AUTHOR,
                ExampleRepository.PULL_REQUEST_BRANCH,
                repository.headOf(ExampleRepository.PULL_REQUEST_BRANCH),
                repository.commitsOf(ExampleRepository.PULL_REQUEST_BRANCH),
                github.snapshot());
    }

    @PostMapping(API + "/comments")
    ResponseEntity<Answer> comment(@RequestBody CommentRequest body, HttpServletRequest request) {
        loopbackOnly(request);
        String text = body.body() == null ? "" : body.body();
        if (text.isBlank() || text.length() > MAX_BODY) {
            throw new Refused(HttpStatus.UNPROCESSABLE_ENTITY, "a comment has 1 to " + MAX_BODY + " characters");
        }
        String user = login(body.user());
        Comment comment = standIn.github().comment(user, text);
        Delivered delivered = deliveries.commented(comment);
        return ResponseEntity.status(HttpStatus.CREATED).body(Answer.of(delivered, comment.id(), null));
    }

    @PutMapping(API + "/roles/{login}")
    ResponseEntity<Void> role(
            @PathVariable("login") String login, @RequestBody RoleRequest body, HttpServletRequest request) {
        loopbackOnly(request);
        Permission role = Optional.ofNullable(body.role())
                .flatMap(Permission::ofRoleName)
                .orElseThrow(() -> new Refused(
                        HttpStatus.UNPROCESSABLE_ENTITY,
                        "a role is one of none, read, triage, write, maintain, admin (GitHub's role names)"));
        standIn.github().setRole(login(login), role);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(API + "/pushes")
    ResponseEntity<Answer> push(HttpServletRequest request) {
        loopbackOnly(request);
        LocalGitHub github = standIn.github();
        String before = github.repository().headOf(ExampleRepository.PULL_REQUEST_BRANCH);
        String sha = github.push();
        Delivered delivered = deliveries.pullRequest("synchronize", LocalGitHub.AUTHOR, before);
        return ResponseEntity.status(HttpStatus.CREATED).body(Answer.of(delivered, null, sha));
    }

    @PostMapping(API + "/check-runs/{id}/actions/{identifier}")
    ResponseEntity<Answer> press(
            @PathVariable("id") long id,
            @PathVariable("identifier") String identifier,
            @RequestBody PressRequest body,
            HttpServletRequest request) {
        loopbackOnly(request);
        CheckRun run = standIn.github().snapshot().checkRuns().stream()
                .filter(r -> r.id() == id)
                .findFirst()
                .orElseThrow(() -> new Refused(HttpStatus.NOT_FOUND, "no check run " + id + " on the example"));
        if (!run.status().equals("completed")
                || run.actions().stream().noneMatch(a -> a.identifier().equals(identifier))) {
            throw new Refused(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "check run " + id + " shows no button " + identifier
                            + " (buttons show only on completed check runs that offer them)");
        }
        Delivered delivered = deliveries.pressed(run, identifier, login(body.user()));
        return ResponseEntity.status(HttpStatus.CREATED).body(Answer.of(delivered, null, null));
    }

    @ExceptionHandler(Refused.class)
    ResponseEntity<Problem> refused(Refused e) {
        return ResponseEntity.status(e.status).body(new Problem(e.getMessage()));
    }

    static String login(@Nullable String login) {
        String user = login == null || login.isBlank() ? LocalGitHub.EXAMPLE_USER : login.strip();
        if (!LOGIN.matcher(user).matches()) {
            throw new Refused(
                    HttpStatus.UNPROCESSABLE_ENTITY, "a login has 1 to 39 letters, digits and '-', e.g. alice");
        }
        return user;
    }

    static void loopbackOnly(HttpServletRequest request) {
        if (!isLoopback(request.getRemoteAddr())) {
            throw new Refused(
                    HttpStatus.FORBIDDEN,
                    "the local stand-in for GitHub answers loopback clients only; open it on the bot's host");
        }
    }

    private static boolean isLoopback(@Nullable String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }

    /** A request refused with a status and a message saying what would work. */
    static final class Refused extends RuntimeException {
        private final HttpStatus status;

        Refused(HttpStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
