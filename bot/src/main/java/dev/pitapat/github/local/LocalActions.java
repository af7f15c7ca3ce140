package dev.pitapat.github.local;

import dev.pitapat.github.local.Conversation.CheckRun;
import dev.pitapat.github.local.Conversation.Comment;
import dev.pitapat.github.local.LocalDeliveries.Delivered;
import dev.pitapat.model.Permission;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * What people can do on the example pull request, for the stand-in's API and its page alike: comment as one of
 * the example's people (with the role picked for them), push a commit, press a completed check run's button.
 * Each reaches the bot as a signed webhook through its intake. Input is checked first; a refusal names the rule.
 */
final class LocalActions {

    /** GitHub's cap on a comment's body. */
    static final int MAX_BODY = 65_536;

    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");

    private final LocalStandIn standIn;
    private final LocalDeliveries deliveries;

    LocalActions(LocalStandIn standIn, LocalDeliveries deliveries) {
        this.standIn = standIn;
        this.deliveries = deliveries;
    }

    record Done(
            Delivered delivered,
            @Nullable Long comment,
            @Nullable String sha) {}

    Done comment(@Nullable String user, @Nullable String role, @Nullable String body) {
        String text = body == null ? "" : body;
        if (text.isBlank() || text.length() > MAX_BODY) {
            throw new Refused(HttpStatus.UNPROCESSABLE_ENTITY, "a comment has 1 to " + MAX_BODY + " characters");
        }
        String login = login(user);
        if (role != null && !role.isBlank()) {
            setRole(login, role);
        }
        Comment comment = standIn.github().comment(login, text);
        return new Done(deliveries.commented(comment), comment.id(), null);
    }

    void setRole(String login, @Nullable String role) {
        Permission permission = Optional.ofNullable(role)
                .map(String::strip)
                .flatMap(Permission::ofRoleName)
                .orElseThrow(() -> new Refused(
                        HttpStatus.UNPROCESSABLE_ENTITY,
                        "a role is one of none, read, triage, write, maintain, admin (GitHub's role names)"));
        standIn.github().setRole(login(login), permission);
    }

    Done push() {
        LocalGitHub github = standIn.github();
        String before = github.repository().headOf(ExampleRepository.PULL_REQUEST_BRANCH);
        String sha = github.push();
        return new Done(deliveries.pullRequest("synchronize", LocalGitHub.AUTHOR, before), null, sha);
    }

    Done press(long checkRun, @Nullable String identifier, @Nullable String user) {
        CheckRun run = standIn.github().snapshot().checkRuns().stream()
                .filter(r -> r.id() == checkRun)
                .findFirst()
                .orElseThrow(() -> new Refused(HttpStatus.NOT_FOUND, "no check run " + checkRun + " on the example"));
        if (!run.status().equals("completed")
                || run.actions().stream().noneMatch(a -> a.identifier().equals(identifier))) {
            throw new Refused(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "check run " + checkRun + " shows no button " + identifier
                            + " (buttons show only on completed check runs that offer them)");
        }
        return new Done(deliveries.pressed(run, identifier, login(user)), null, null);
    }

    static String login(@Nullable String login) {
        String user = login == null || login.isBlank() ? LocalGitHub.EXAMPLE_USER : login.strip();
        if (!LOGIN.matcher(user).matches()) {
            throw new Refused(
                    HttpStatus.UNPROCESSABLE_ENTITY, "a login has 1 to 39 letters, digits and '-', e.g. alice");
        }
        return user;
    }

    /**
     * Lets a request to the stand-in's API or page through: the stand-in runs ({@code standIn}, absent while a
     * GitHub App is configured) and the client is on loopback.
     */
    static void open(@Nullable LocalStandIn standIn, HttpServletRequest request) {
        if (standIn == null) {
            throw new Refused(
                    HttpStatus.NOT_FOUND,
                    "the local stand-in for GitHub runs only while no GitHub App is configured (pitapat.github.app-id"
                            + " is set)");
        }
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

        HttpStatus status() {
            return status;
        }
    }
}
