package dev.pitapat.github.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything on the example pull request as the stand-in recorded it: people's comments, what the bot posted
 * (comments, reactions, check runs, deployments and their statuses), the example users' roles, and one
 * timeline of it all, in order. Saved as JSON under the stand-in's folder; the shape is read back on the next
 * start.
 */
record Conversation(
        long lastId,
        boolean open,
        Map<String, String> roles,
        List<Comment> comments,
        List<CheckRun> checkRuns,
        List<Deployment> deployments,
        List<Event> timeline) {

    static Conversation fresh(Map<String, String> roles) {
        return new Conversation(
                1000,
                true,
                new LinkedHashMap<>(roles),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>());
    }

    /** An issue comment; {@code reactions} in the order they came. */
    record Comment(
            long id, String author, String body, Instant createdAt, Instant updatedAt, List<Reacted> reactions) {}

    record Reacted(String content, String by) {}

    /** A check run as it stands now; {@code conclusion} only when completed. */
    record CheckRun(
            long id,
            String name,
            String headSha,
            String status,
            @Nullable String conclusion,
            @Nullable String title,
            @Nullable String summary,
            @Nullable String text,
            @Nullable String detailsUrl,
            List<Button> actions,
            Instant startedAt,
            Instant updatedAt) {

        /** This run's content under another id and times: what the stand-in stores on a create or update. */
        CheckRun as(long id, String name, String headSha, Instant startedAt, Instant updatedAt) {
            return new CheckRun(
                    id,
                    name,
                    headSha,
                    status,
                    conclusion,
                    title,
                    summary,
                    text,
                    detailsUrl,
                    actions,
                    startedAt,
                    updatedAt);
        }
    }

    record Button(String label, String description, String identifier) {}

    record Deployment(
            long id,
            String sha,
            String environment,
            String description,
            boolean transientEnvironment,
            boolean productionEnvironment,
            Instant createdAt,
            List<Status> statuses) {}

    record Status(
            String state,
            @Nullable String description,
            @Nullable String environmentUrl,
            @Nullable String logUrl,
            Instant at) {}

    /**
     * One line of the timeline: {@code actor} did {@code action} ("commented", "reacted", "check run", ...) on
     * {@code subject}; {@code text} is what it said, when it said something.
     */
    record Event(
            long seq,
            Instant at,
            String actor,
            String action,
            String subject,
            @Nullable String text) {}
}
