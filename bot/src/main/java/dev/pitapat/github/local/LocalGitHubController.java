package dev.pitapat.github.local;

import dev.pitapat.github.local.LocalDeliveries.Delivered;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
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
class LocalGitHubController {

    static final String API = "/local-github/api";

    private final @Nullable LocalStandIn standIn;
    private final @Nullable LocalActions actions;

    LocalGitHubController(@Nullable LocalStandIn standIn, @Nullable LocalActions actions) {
        this.standIn = standIn;
        this.actions = actions;
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
        LocalActions.open(standIn, request);
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
        LocalActions.open(standIn, request);
        return created(actions.comment(body.user(), null, body.body()));
    }

    @PutMapping(API + "/roles/{login}")
    ResponseEntity<Void> role(
            @PathVariable("login") String login, @RequestBody RoleRequest body, HttpServletRequest request) {
        LocalActions.open(standIn, request);
        actions.setRole(login, body.role());
        return ResponseEntity.noContent().build();
    }

    @PostMapping(API + "/pushes")
    ResponseEntity<Answer> push(HttpServletRequest request) {
        LocalActions.open(standIn, request);
        return created(actions.push());
    }

    @PostMapping(API + "/check-runs/{id}/actions/{identifier}")
    ResponseEntity<Answer> press(
            @PathVariable("id") long id,
            @PathVariable("identifier") String identifier,
            @RequestBody PressRequest body,
            HttpServletRequest request) {
        LocalActions.open(standIn, request);
        return created(actions.press(id, identifier, body.user()));
    }

    private static ResponseEntity<Answer> created(LocalActions.Done done) {
        return ResponseEntity.status(HttpStatus.CREATED).body(Answer.of(done.delivered(), done.comment(), done.sha()));
    }

    @ExceptionHandler(LocalActions.Refused.class)
    ResponseEntity<Problem> refused(LocalActions.Refused e) {
        return ResponseEntity.status(e.status()).body(new Problem(e.getMessage()));
    }
}
