package dev.pitapat.github;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a check run should show: created with {@link GitHubGateway#createCheckRun}, changed with
 * {@link GitHubGateway#updateCheckRun} (which ignores {@code headSha}: GitHub fixes it at creation). Start
 * from {@link #queued}, {@link #inProgress} or {@link #completed} and add the rest with the {@code with}
 * methods.
 */
public record CheckRunUpdate(
        String name,
        String headSha,
        Status status,
        Optional<Conclusion> conclusion,
        Optional<Output> output,
        Optional<URI> detailsUrl,
        Optional<String> externalId,
        List<Action> actions) {

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    /** GitHub's {@code status}. */
    public enum Status {
        QUEUED,
        IN_PROGRESS,
        COMPLETED
    }

    /** GitHub's {@code conclusion}, only for a completed run. */
    public enum Conclusion {
        ACTION_REQUIRED,
        CANCELLED,
        FAILURE,
        NEUTRAL,
        SKIPPED,
        SUCCESS,
        TIMED_OUT
    }

    /** The text on the run's page; {@code summary} and {@code text} are Markdown. */
    public record Output(String title, String summary, Optional<String> text) {
        public Output {
            if (title.isBlank() || summary.isBlank()) {
                throw new IllegalArgumentException("a check run output needs a title and a summary");
            }
        }
    }

    /**
     * A button (GitHub's {@code requested_action}); GitHub allows at most 3, a label of 20 characters, a
     * description of 40 and an identifier of 20.
     */
    public record Action(String label, String description, String identifier) {
        public Action {
            if (label.isEmpty() || label.length() > 20) {
                throw new IllegalArgumentException("a check run action label has 1 to 20 characters");
            }
            if (description.isEmpty() || description.length() > 40) {
                throw new IllegalArgumentException("a check run action description has 1 to 40 characters");
            }
            if (identifier.isEmpty() || identifier.length() > 20) {
                throw new IllegalArgumentException("a check run action identifier has 1 to 20 characters");
            }
        }
    }

    public CheckRunUpdate {
        if (name.isBlank()) {
            throw new IllegalArgumentException("a check run needs a name");
        }
        if (!SHA.matcher(headSha).matches()) {
            throw new IllegalArgumentException("a check run's head sha is 40 lower-case hex digits");
        }
        if ((status == Status.COMPLETED) != conclusion.isPresent()) {
            throw new IllegalArgumentException("a check run has a conclusion exactly when it is completed");
        }
        if (actions.size() > 3) {
            throw new IllegalArgumentException("a check run has at most 3 actions");
        }
        actions = List.copyOf(actions);
    }

    public static CheckRunUpdate queued(String name, String headSha) {
        return of(name, headSha, Status.QUEUED, Optional.empty());
    }

    public static CheckRunUpdate inProgress(String name, String headSha) {
        return of(name, headSha, Status.IN_PROGRESS, Optional.empty());
    }

    public static CheckRunUpdate completed(String name, String headSha, Conclusion conclusion) {
        return of(name, headSha, Status.COMPLETED, Optional.of(conclusion));
    }

    private static CheckRunUpdate of(String name, String headSha, Status status, Optional<Conclusion> conclusion) {
        return new CheckRunUpdate(
                name, headSha, status, conclusion, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    public CheckRunUpdate withOutput(Output output) {
        return new CheckRunUpdate(
                name, headSha, status, conclusion, Optional.of(output), detailsUrl, externalId, actions);
    }

    public CheckRunUpdate withDetailsUrl(URI detailsUrl) {
        return new CheckRunUpdate(
                name, headSha, status, conclusion, output, Optional.of(detailsUrl), externalId, actions);
    }

    public CheckRunUpdate withExternalId(String externalId) {
        return new CheckRunUpdate(
                name, headSha, status, conclusion, output, detailsUrl, Optional.of(externalId), actions);
    }

    public CheckRunUpdate withActions(List<Action> actions) {
        return new CheckRunUpdate(name, headSha, status, conclusion, output, detailsUrl, externalId, actions);
    }
}
