package dev.pitapat.github.local;

import dev.pitapat.github.local.Conversation.CheckRun;
import dev.pitapat.github.local.Conversation.Comment;
import dev.pitapat.github.local.Conversation.Deployment;
import dev.pitapat.github.local.Conversation.Event;
import dev.pitapat.github.local.Conversation.Reacted;
import dev.pitapat.github.local.Conversation.Status;
import dev.pitapat.model.Permission;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local stand-in for GitHub on a first run: one example repository, {@code example/hello}, with one open
 * pull request, #1, from the branch {@link ExampleRepository#PULL_REQUEST_BRANCH}. It keeps what people and
 * the bot did there in a {@link Conversation}, saved to {@code conversation.json} after every change, and the
 * repository in {@code repos/example/hello}; both under its folder ({@code ./data/local-github} by default).
 * Nothing here talks to GitHub.
 */
final class LocalGitHub implements AutoCloseable {

    static final RepoRef REPO = new RepoRef("example", "hello");
    static final int PULL_REQUEST = 1;
    static final String PULL_REQUEST_TITLE = "Greet more warmly";
    /** The person the newcomer plays; they may pick this login's role. */
    static final String EXAMPLE_USER = "alice";
    /** Who opened the pull request and pushes to it. */
    static final String AUTHOR = "bob";
    /** The App's bot user, as GitHub would name it. */
    static final String BOT = "pitapat[bot]";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path folder;
    private final Clock clock;
    private final ExampleRepository repository;
    private Conversation conversation; // guarded by this

    private LocalGitHub(Path folder, Clock clock, ExampleRepository repository, Conversation conversation) {
        this.folder = folder;
        this.clock = clock;
        this.repository = repository;
        this.conversation = conversation;
    }

    /** Opens the stand-in's folder, making the example repository and an empty conversation the first time. */
    static LocalGitHub open(Path folder, Clock clock) {
        ExampleRepository repository =
                ExampleRepository.openOrCreate(folder.resolve("repos/example/hello"), AUTHOR, clock);
        Path saved = folder.resolve("conversation.json");
        Conversation conversation = Files.exists(saved)
                ? JSON.readValue(saved.toFile(), Conversation.class)
                : Conversation.fresh(
                        Map.of(EXAMPLE_USER, Permission.WRITE.roleName(), AUTHOR, Permission.WRITE.roleName()));
        return new LocalGitHub(folder, clock, repository, conversation);
    }

    Path folder() {
        return folder;
    }

    ExampleRepository repository() {
        return repository;
    }

    /** The conversation as it is now (a copy: it does not change under the caller). */
    synchronized Conversation snapshot() {
        return JSON.readValue(JSON.writeValueAsBytes(conversation), Conversation.class);
    }

    synchronized Permission roleOf(String login) {
        String role = conversation.roles().get(login);
        return role == null ? Permission.NONE : Permission.ofRoleName(role).orElse(Permission.NONE);
    }

    synchronized void setRole(String login, Permission role) {
        conversation.roles().put(login, role.roleName());
        record(login, "was given", role.roleName() + " on " + REPO, null);
    }

    synchronized Comment comment(String author, String body) {
        long id = nextId();
        var now = clock.instant();
        Comment comment = new Comment(id, author, body, now, now, new ArrayList<>());
        conversation.comments().add(comment);
        record(author, "commented", "#" + PULL_REQUEST, body);
        return comment;
    }

    synchronized Optional<Comment> editComment(long id, String body) {
        Optional<Comment> edited = replace(
                conversation.comments(),
                c -> c.id() == id,
                c -> new Comment(c.id(), c.author(), body, c.createdAt(), clock.instant(), c.reactions()));
        edited.ifPresent(c -> record(c.author(), "edited a comment", "#" + PULL_REQUEST, body));
        return edited;
    }

    synchronized boolean react(long commentId, String content, String by) {
        Optional<Comment> comment = conversation.comments().stream()
                .filter(c -> c.id() == commentId)
                .findFirst();
        if (comment.isEmpty()) {
            return false;
        }
        Reacted reaction = new Reacted(content, by);
        if (!comment.get().reactions().contains(reaction)) {
            comment.get().reactions().add(reaction);
            record(by, "reacted " + content, "to " + comment.get().author() + "'s comment", null);
        }
        return true;
    }

    synchronized CheckRun createCheckRun(CheckRun run) {
        CheckRun created = run.as(nextId(), run.name(), run.headSha(), clock.instant(), clock.instant());
        conversation.checkRuns().add(created);
        recordCheckRun(created);
        return created;
    }

    synchronized Optional<CheckRun> updateCheckRun(long id, CheckRun run) {
        Optional<CheckRun> updated = replace(
                conversation.checkRuns(),
                c -> c.id() == id,
                c -> run.as(c.id(), c.name(), c.headSha(), c.startedAt(), clock.instant()));
        updated.ifPresent(this::recordCheckRun);
        return updated;
    }

    synchronized Deployment createDeployment(
            String sha, String environment, String description, boolean transientEnvironment, boolean production) {
        Deployment deployment = new Deployment(
                nextId(),
                sha,
                environment,
                description,
                transientEnvironment,
                production,
                clock.instant(),
                new ArrayList<>());
        conversation.deployments().add(deployment);
        record(BOT, "created a deployment", environment + " of " + abbreviated(sha), description);
        return deployment;
    }

    synchronized boolean postStatus(
            long deploymentId,
            String state,
            @Nullable String description,
            @Nullable String environmentUrl,
            @Nullable String logUrl) {
        Optional<Deployment> deployment = conversation.deployments().stream()
                .filter(d -> d.id() == deploymentId)
                .findFirst();
        if (deployment.isEmpty()) {
            return false;
        }
        deployment.get().statuses().add(new Status(state, description, environmentUrl, logUrl, clock.instant()));
        String text = description == null ? "" : description;
        record(
                BOT,
                "set deployment " + deployment.get().environment() + " " + state,
                "(" + abbreviated(deployment.get().sha()) + ")",
                environmentUrl == null ? text : text + (text.isEmpty() ? "" : "\n") + environmentUrl);
        return true;
    }

    /** Adds a commit to the pull request, as its author would push one; returns the new head. */
    synchronized String push() {
        String sha = repository.push(AUTHOR);
        record(AUTHOR, "pushed", abbreviated(sha), repository.subjectOf(sha).orElse(""));
        return sha;
    }

    @Override
    public void close() {
        repository.close();
    }

    /** A commit as GitHub shows it: {@link Sha#abbreviated()}. */
    static String abbreviated(String sha) {
        return new Sha(sha).abbreviated();
    }

    private void recordCheckRun(CheckRun run) {
        String state = run.conclusion() == null ? run.status() : run.status() + ", " + run.conclusion();
        String text = run.title() == null ? null : run.title() + (run.summary() == null ? "" : "\n" + run.summary());
        record(BOT, "check run " + run.name() + ": " + state, "on " + abbreviated(run.headSha()), text);
    }

    private long nextId() {
        long id = conversation.lastId() + 1;
        conversation = new Conversation(
                id,
                conversation.open(),
                conversation.roles(),
                conversation.comments(),
                conversation.checkRuns(),
                conversation.deployments(),
                conversation.timeline());
        return id;
    }

    /** Appends to the timeline and saves the conversation. */
    private void record(String actor, String action, String subject, @Nullable String text) {
        List<Event> timeline = conversation.timeline();
        long seq = timeline.isEmpty() ? 1 : timeline.getLast().seq() + 1;
        timeline.add(new Event(seq, clock.instant(), actor, action, subject, text));
        save();
    }

    private void save() {
        try {
            Files.createDirectories(folder);
            Path temporary = folder.resolve("conversation.json.tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), conversation);
            Files.move(
                    temporary,
                    folder.resolve("conversation.json"),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("saving the local stand-in's conversation in " + folder, e);
        }
    }

    private static <T> Optional<T> replace(
            List<T> list, java.util.function.Predicate<T> which, UnaryOperator<T> change) {
        for (int i = 0; i < list.size(); i++) {
            if (which.test(list.get(i))) {
                T changed = change.apply(list.get(i));
                list.set(i, changed);
                return Optional.of(changed);
            }
        }
        return Optional.empty();
    }
}
