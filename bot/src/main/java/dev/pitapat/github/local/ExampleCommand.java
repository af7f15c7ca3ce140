package dev.pitapat.github.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code pitapat example}: plays a pull-request conversation on the example application against a running
 * bot that has no GitHub App (its local stand-in plays GitHub) and prints everything the bot posts, as it
 * comes: {@code /deploy staging}, {@code /history staging}, a push and a second deploy, then
 * {@code /rollback staging}.
 *
 * <p>Exit codes: 0 the conversation ran, 1 the bot could not be reached, has no stand-in, or did not answer in
 * time, 2 bad arguments.
 */
public final class ExampleCommand {

    /** The first argument that selects this command. */
    public static final String NAME = "example";

    static final String USAGE = "usage: pitapat example [--url <the bot's address, default http://127.0.0.1:8080>]";

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Map<String, String> EMOJI = Map.of("eyes", "👀", "rocket", "🚀", "confused", "😕");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI bot;
    private final PrintStream out;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private long printed;

    private ExampleCommand(URI bot, PrintStream out) {
        this.bot = bot;
        this.out = out;
    }

    /** Runs the conversation; returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        URI bot;
        if (args.isEmpty()) {
            bot = URI.create("http://127.0.0.1:8080");
        } else if (args.size() == 2
                && args.get(0).equals("--url")
                && args.get(1).matches("https?://[^\\s]+")) {
            bot = URI.create(args.get(1).replaceAll("/+$", ""));
        } else {
            err.println(USAGE);
            return 2;
        }
        try {
            new ExampleCommand(bot, out).play();
            return 0;
        } catch (Stop stop) {
            err.println("pitapat example: " + stop.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("pitapat example: interrupted");
            return 1;
        }
    }

    private void play() throws InterruptedException {
        JsonNode pull = pullRequest();
        printed = lastSeq(pull);
        out.println("A pull-request conversation on the example application, played against the bot at " + bot);
        out.println("No GitHub App is configured, so a local stand-in plays GitHub: nothing is sent to GitHub.");
        out.println();
        out.printf(
                "Pull request %s#%d \"%s\" by %s, branch %s, head %s%n",
                pull.path("repository").asString(),
                pull.path("number").asInt(),
                pull.path("title").asString(),
                pull.path("author").asString(),
                pull.path("branch").asString(),
                LocalGitHub.abbreviated(pull.path("headSha").asString()));

        step("1. alice deploys the pull request to staging");
        deploy(comment("/deploy staging"));
        step("2. alice asks for staging's history");
        reply(comment("/history staging"));
        step("3. bob pushes a commit to the pull request, and alice deploys it to staging");
        post(LocalGitHubController.API + "/pushes", "{}");
        deploy(comment("/deploy staging"));
        step("4. alice rolls staging back to the previous deployment");
        deploy(comment("/rollback staging"));

        out.println();
        out.println("Done. What the bot committed: git -C data/gitops.git log --stat (in the bot's directory)");
        out.println("The status page: " + bot + "/");
        out.println("Comment yourself, as alice or anyone, with the role you pick: " + bot + "/local-github");
    }

    private void step(String title) {
        out.println();
        out.println(title);
    }

    private long comment(String body) throws InterruptedException {
        JsonNode answer = post(
                LocalGitHubController.API + "/comments",
                JSON.writeValueAsString(Map.of("user", LocalGitHub.EXAMPLE_USER, "body", body)));
        if (answer.path("intakeStatus").asInt() / 100 != 2) {
            throw new Stop("the bot's intake refused the comment: "
                    + answer.path("intakeAnswer").asString());
        }
        return answer.path("comment").asLong();
    }

    /** Waits for the bot's 🚀 or 😕 on the command, then for its reports to settle. */
    private void deploy(long commentId) throws InterruptedException {
        JsonNode settled =
                await(pull -> reactionOn(pull, commentId, "rocket") || reactionOn(pull, commentId, "confused"));
        if (reactionOn(settled, commentId, "confused")) {
            throw new Stop("the bot refused or failed the command (😕); its answer is printed above");
        }
    }

    /** Waits for the bot's reply comment to a command it answers in words. */
    private void reply(long commentId) throws InterruptedException {
        await(pull -> {
            for (JsonNode c : pull.path("conversation").path("comments")) {
                if (c.path("id").asLong() > commentId
                        && c.path("author").asString().equals(LocalGitHub.BOT)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Prints the timeline while waiting until {@code done} holds, then until nothing new came for a second. */
    private JsonNode await(Predicate<JsonNode> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(STEP_TIMEOUT);
        JsonNode pull = pullRequest();
        while (!done.test(pull)) {
            print(pull);
            if (Instant.now().isAfter(deadline)) {
                throw new Stop("the bot did not answer within " + STEP_TIMEOUT.toSeconds() + " s; see its log");
            }
            Thread.sleep(POLL);
            pull = pullRequest();
        }
        Instant quietUntil = Instant.now().plusSeconds(1);
        while (Instant.now().isBefore(quietUntil)) {
            long before = printed;
            print(pull);
            if (printed != before) {
                quietUntil = Instant.now().plusSeconds(1);
            }
            Thread.sleep(POLL);
            pull = pullRequest();
        }
        print(pull);
        return pull;
    }

    private void print(JsonNode pull) {
        for (JsonNode event : pull.path("conversation").path("timeline")) {
            long seq = event.path("seq").asLong();
            if (seq <= printed) {
                continue;
            }
            printed = seq;
            String action = event.path("action").asString();
            if (action.startsWith("reacted ")) {
                String content = action.substring("reacted ".length());
                action = "reacted " + EMOJI.getOrDefault(content, content);
            }
            out.printf(
                    "  %s  %s %s %s%n",
                    TIME.format(Instant.parse(event.path("at").asString())),
                    event.path("actor").asString(),
                    action,
                    event.path("subject").asString());
            shown(action, event.path("text").asString("")).lines().forEach(line -> out.println("        " + line));
        }
    }

    /**
     * What of an event's text is worth reading in a terminal: a new comment in full; of an edit, the headline
     * that changed; of a check run, its title, and its summary once it has completed.
     */
    static String shown(String action, String text) {
        if (action.equals("edited a comment")) {
            return text.lines()
                    .filter(line -> line.startsWith("**"))
                    .findFirst()
                    .orElse("");
        }
        if (action.startsWith("check run ") && !action.contains(": completed")) {
            return text.lines().findFirst().orElse("");
        }
        if (action.startsWith("check run ")) {
            return text.lines()
                    .takeWhile(line -> !line.startsWith("- "))
                    .collect(java.util.stream.Collectors.joining("\n"))
                    .strip();
        }
        return text;
    }

    private static boolean reactionOn(JsonNode pull, long commentId, String content) {
        for (JsonNode c : pull.path("conversation").path("comments")) {
            if (c.path("id").asLong() == commentId) {
                for (JsonNode r : c.path("reactions")) {
                    if (r.path("content").asString().equals(content)
                            && r.path("by").asString().equals(LocalGitHub.BOT)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static long lastSeq(JsonNode pull) {
        JsonNode timeline = pull.path("conversation").path("timeline");
        return timeline.isEmpty()
                ? 0
                : timeline.get(timeline.size() - 1).path("seq").asLong();
    }

    private JsonNode pullRequest() throws InterruptedException {
        return call(HttpRequest.newBuilder(bot.resolve(LocalGitHubController.API + "/pull"))
                .GET());
    }

    private JsonNode post(String path, String json) throws InterruptedException {
        return call(HttpRequest.newBuilder(bot.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private JsonNode call(HttpRequest.Builder request) throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Stop("no bot answers at " + bot + ": start it first, in another terminal, with"
                    + " `./mvnw -B -q -DskipTests package && ./pitapat`");
        } catch (IOException e) {
            throw new Stop("talking to the bot at " + bot + " failed: " + e.getMessage());
        }
        if (response.statusCode() == 404) {
            throw new Stop("the bot at " + bot + " has a GitHub App configured, so it runs no local stand-in for"
                    + " GitHub; `pitapat example` is for a first run without one");
        }
        if (response.statusCode() / 100 != 2) {
            throw new Stop("the bot answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Ends the command with a message for the person running it. */
    private static final class Stop extends RuntimeException {
        Stop(String message) {
            super(message, null, false, false);
        }
    }
}
