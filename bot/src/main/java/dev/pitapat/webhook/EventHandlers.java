package dev.pitapat.webhook;

import dev.pitapat.command.ButtonPress;
import dev.pitapat.command.CommentCommands;
import dev.pitapat.command.CommentEvent;
import dev.pitapat.deploy.DeployPipeline;
import dev.pitapat.deploy.PreviewCleanup;
import dev.pitapat.deploy.PushDeploys;
import dev.pitapat.deploy.PushEvent;
import dev.pitapat.model.RepoRef;
import dev.pitapat.onboard.InstalledRepository;
import dev.pitapat.onboard.Onboarding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The handlers of the events pitapat acts on. Commands, deploys and buttons are wired into them as those
 * features land; until then each records what it saw.
 *
 * <p>A number the payload lacks, or holds as another type or out of range, reads as 0, as a missing text reads
 * as empty: no installation, issue or pull request has it, so GitHub answers 404 instead of a handler failing.
 */
final class EventHandlers {

    private static final Logger log = LoggerFactory.getLogger(EventHandlers.class);

    /** GitHub's logins, a bot's ending in {@code [bot]}: they go into API paths, replies and commit trailers. */
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}(\\[bot])?");

    private EventHandlers() {}

    /** The login at {@code field} of the payload, such as {@code sender.login}. */
    private static String login(JsonNode payload, String... field) {
        JsonNode node = payload;
        for (String name : field) {
            node = node.path(name);
        }
        String login = node.asString("");
        if (!LOGIN.matcher(login).matches()) {
            throw new UnusablePayloadException("its payload's " + String.join(".", field)
                    + " is not a GitHub login (letters, digits and '-', at most 39), so pitapat cannot tell who"
                    + " acted; GitHub's own deliveries always carry one");
        }
        return login;
    }

    /** PR comments: the ChatOps command line. */
    @Component
    static class IssueCommentHandler implements WebhookHandler {
        private final CommentCommands commands;

        IssueCommentHandler(CommentCommands commands) {
            this.commands = commands;
        }

        @Override
        public String event() {
            return "issue_comment";
        }

        @Override
        public void handle(WebhookEvent event) {
            JsonNode payload = event.payload();
            JsonNode issue = payload.path("issue");
            JsonNode comment = payload.path("comment");
            JsonNode author = comment.path("user");
            commands.handle(new CommentEvent(
                    event.deliveryId(),
                    payload.path("installation").path("id").asLong(0),
                    event.repo(),
                    payload.path("repository").path("default_branch").asString("main"),
                    issue.path("number").asInt(0),
                    issue.has("pull_request"),
                    event.action(),
                    comment.path("id").asLong(0),
                    comment.path("body").asString(""),
                    login(payload, "comment", "user", "login"),
                    "Bot".equals(author.path("type").asString(""))
                            || "Bot".equals(payload.path("sender").path("type").asString(""))));
        }
    }

    /** Pull requests: closing one removes its preview. */
    @Component
    static class PullRequestHandler implements WebhookHandler {
        private final PreviewCleanup previews;

        PullRequestHandler(PreviewCleanup previews) {
            this.previews = previews;
        }

        @Override
        public String event() {
            return "pull_request";
        }

        @Override
        public void handle(WebhookEvent event) {
            if (!event.action().equals("closed")) {
                return;
            }
            JsonNode payload = event.payload();
            previews.closed(
                    event.deliveryId(),
                    payload.path("installation").path("id").asLong(0),
                    event.repo(),
                    payload.path("repository").path("default_branch").asString("main"),
                    payload.path("number").asInt(0),
                    payload.path("pull_request").path("head").path("sha").asString(""),
                    login(payload, "sender", "login"));
        }
    }

    /** Pushes: push-to-deploy on the default branch. */
    @Component
    static class PushHandler implements WebhookHandler {
        private final PushDeploys deploys;

        PushHandler(PushDeploys deploys) {
            this.deploys = deploys;
        }

        @Override
        public String event() {
            return "push";
        }

        @Override
        public void handle(WebhookEvent event) {
            JsonNode payload = event.payload();
            JsonNode sender = payload.path("sender");
            deploys.handle(new PushEvent(
                    event.deliveryId(),
                    payload.path("installation").path("id").asLong(0),
                    event.repo(),
                    payload.path("repository").path("default_branch").asString("main"),
                    payload.path("ref").asString(""),
                    payload.path("after").asString(""),
                    payload.path("deleted").asBoolean(false),
                    login(payload, "sender", "login"),
                    "Bot".equals(sender.path("type").asString(""))));
        }
    }

    /**
     * Check-run buttons (Promote, Rollback, Abort); and a check run that completed, which deploys waiting for an
     * external {@code build-check} on its sha look at again.
     */
    @Component
    static class CheckRunHandler implements WebhookHandler {
        private final CommentCommands commands;
        private final DeployPipeline pipeline;

        CheckRunHandler(CommentCommands commands, DeployPipeline pipeline) {
            this.commands = commands;
            this.pipeline = pipeline;
        }

        @Override
        public String event() {
            return "check_run";
        }

        @Override
        public void handle(WebhookEvent event) {
            if (event.action().equals("completed")) {
                checkReported(pipeline, event, event.payload().path("check_run").path("head_sha"));
                return;
            }
            if (!event.action().equals("requested_action")) {
                return;
            }
            JsonNode payload = event.payload();
            JsonNode run = payload.path("check_run");
            JsonNode pullRequests = run.path("pull_requests");
            JsonNode sender = payload.path("sender");
            commands.handle(new ButtonPress(
                    event.deliveryId(),
                    payload.path("installation").path("id").asLong(0),
                    event.repo(),
                    payload.path("repository").path("default_branch").asString("main"),
                    run.path("name").asString(""),
                    payload.path("requested_action").path("identifier").asString(""),
                    pullRequests.isArray() && !pullRequests.isEmpty()
                            ? Optional.of(pullRequests.get(0).path("number").asInt(0))
                            : Optional.empty(),
                    login(payload, "sender", "login"),
                    "Bot".equals(sender.path("type").asString(""))));
        }
    }

    /** A check suite completed: deploys waiting for an external {@code build-check} on its sha look again. */
    @Component
    static class CheckSuiteHandler implements WebhookHandler {
        private final DeployPipeline pipeline;

        CheckSuiteHandler(DeployPipeline pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        public String event() {
            return "check_suite";
        }

        @Override
        public void handle(WebhookEvent event) {
            if (event.action().equals("completed")) {
                checkReported(
                        pipeline, event, event.payload().path("check_suite").path("head_sha"));
            }
        }
    }

    /** A commit status changed: deploys waiting for an external {@code build-check} on its sha look again. */
    @Component
    static class StatusHandler implements WebhookHandler {
        private final DeployPipeline pipeline;

        StatusHandler(DeployPipeline pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        public String event() {
            return "status";
        }

        @Override
        public void handle(WebhookEvent event) {
            if (!event.payload().path("state").asString("").equals("pending")) {
                checkReported(pipeline, event, event.payload().path("sha"));
            }
        }
    }

    /** Tells the pipeline of a check on a sha; a payload without a well-formed sha tells nothing. */
    private static void checkReported(DeployPipeline pipeline, WebhookEvent event, JsonNode sha) {
        Optional<dev.pitapat.model.Sha> parsed =
                dev.pitapat.model.Sha.parse(sha.asString("")).toOptional().filter(dev.pitapat.model.Sha::isFull);
        if (parsed.isEmpty()) {
            return;
        }
        try {
            pipeline.checkReported(dev.pitapat.model.RepoRef.parse(event.repo()), parsed.get());
        } catch (IllegalArgumentException e) { // no repository of GitHub's: nothing can wait on it
            log.debug("A check on {} of an unusable repository name: {}", parsed.get(), e.getMessage());
        }
    }

    /**
     * The App installed, suspended or removed. Installed ({@code created}): the onboarding pull request for each of
     * the repositories it was installed on.
     */
    @Component
    static class InstallationHandler implements WebhookHandler {
        private final Onboarding onboarding;

        InstallationHandler(Onboarding onboarding) {
            this.onboarding = onboarding;
        }

        @Override
        public String event() {
            return "installation";
        }

        @Override
        public boolean namesItsRepository() {
            return false;
        }

        @Override
        public void handle(WebhookEvent event) {
            JsonNode installation = event.payload().path("installation");
            log.info(
                    "Installation {} {} on {}",
                    installation.path("id").asLong(0),
                    event.action(),
                    installation.path("account").path("login").asString(""));
            if (event.action().equals("created")) {
                onboarding.offer(
                        event.deliveryId(),
                        installation.path("id").asLong(0),
                        repositories(event.payload().path("repositories")));
            }
        }
    }

    /**
     * Repositories added to or removed from an installation. Added: the onboarding pull request for each of them.
     */
    @Component
    static class InstallationRepositoriesHandler implements WebhookHandler {
        private final Onboarding onboarding;

        InstallationRepositoriesHandler(Onboarding onboarding) {
            this.onboarding = onboarding;
        }

        @Override
        public String event() {
            return "installation_repositories";
        }

        @Override
        public boolean namesItsRepository() {
            return false;
        }

        @Override
        public void handle(WebhookEvent event) {
            JsonNode payload = event.payload();
            log.info(
                    "Installation {} repositories {}: {} added, {} removed",
                    payload.path("installation").path("id").asLong(0),
                    event.action(),
                    payload.path("repositories_added").size(),
                    payload.path("repositories_removed").size());
            if (event.action().equals("added")) {
                onboarding.offer(
                        event.deliveryId(),
                        payload.path("installation").path("id").asLong(0),
                        repositories(payload.path("repositories_added")));
            }
        }
    }

    /**
     * The repositories an installation event lists, each with its id and {@code full_name}; one without a usable id or
     * name is left out (GitHub's own always have both).
     */
    private static List<InstalledRepository> repositories(JsonNode listed) {
        List<InstalledRepository> repositories = new ArrayList<>();
        for (JsonNode repository : listed) {
            long id = repository.path("id").asLong(0);
            try {
                RepoRef repo = RepoRef.parse(repository.path("full_name").asString(""));
                if (id > 0) {
                    repositories.add(new InstalledRepository(id, repo));
                    continue;
                }
            } catch (IllegalArgumentException unusable) {
                // left out below
            }
            log.info("An installed repository without a usable id or full_name is left out");
        }
        return repositories;
    }
}
