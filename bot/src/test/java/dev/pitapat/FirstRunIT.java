package dev.pitapat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitapat.testing.ReadmeCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's first run, as a newcomer types it: the start command, then the commands of the "First run"
 * section, in order, from a fresh working directory with no setting at all (no GitHub App, cluster or Redis).
 * The only change is the port: the bot takes a free one ({@code --server.port=0}) and the example is told it
 * ({@code --url}), so the test never depends on 8080 being free.
 */
class FirstRunIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path workingDirectory;

    @TempDir
    Path logs;

    Process bot;

    @AfterEach
    void stopBot() throws InterruptedException {
        ReadmeCommands.stop(bot);
    }

    @Test
    void theFirstRunDeploysHistoryRedeploysAndRollsBackTheExampleAndRecordsEveryReport() throws Exception {
        Path botLog = logs.resolve("bot.log");
        bot = ReadmeCommands.start(
                ReadmeCommands.startCommand(), List.of("--server.port=0"), Map.of(), workingDirectory, botLog);
        int port = ReadmeCommands.awaitPort(bot, botLog);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Files.readString(botLog))
                        .contains("a local stand-in for GitHub serves the example repository")); // logged once ready

        List<String> firstRun = firstRunCommands();
        assertThat(firstRun).containsExactly("./pitapat example");
        Path exampleLog = logs.resolve("example.log");
        Process example = ReadmeCommands.start(
                firstRun.get(0), List.of("--url", "http://127.0.0.1:" + port), Map.of(), workingDirectory, exampleLog);
        assertThat(example.waitFor(4, TimeUnit.MINUTES))
                .as("the example finished")
                .isTrue();
        String printed = Files.readString(exampleLog, StandardCharsets.UTF_8);
        assertThat(example.exitValue()).as(printed).isZero();
        assertThat(printed)
                .contains("alice commented #1", "/deploy staging", "pitapat[bot] reacted 👀", "reacted 🚀")
                .contains("check run deploy/staging: completed, neutral")
                .contains("/history staging", "bob pushed", "/rollback staging");

        List<RevCommit> commits = gitOpsLog();
        assertThat(commits)
                .extracting(c -> c.getFullMessage()
                        .lines()
                        .filter(l -> l.startsWith("Pitapat-Action: "))
                        .findFirst()
                        .orElse(""))
                .containsExactly("Pitapat-Action: rollback", "Pitapat-Action: deploy", "Pitapat-Action: deploy");
        ObjectId first = folderTree(commits.get(2));
        assertThat(folderTree(commits.get(1))).isNotEqualTo(first);
        assertThat(folderTree(commits.get(0)))
                .as("the rollback restores the first tree")
                .isEqualTo(first);

        JsonNode conversation = await().atMost(Duration.ofSeconds(30))
                .until(this::conversation, c -> c.path("deployments").size() == 3);
        assertThat(conversation.path("checkRuns")).hasSize(3).allSatisfy(run -> {
            assertThat(run.path("name").asString()).isEqualTo("deploy/staging");
            assertThat(run.path("status").asString()).isEqualTo("completed");
            assertThat(run.path("conclusion").asString()).isEqualTo("neutral");
        });
        List<String> finalStates = new ArrayList<>();
        for (JsonNode deployment : conversation.path("deployments")) {
            assertThat(deployment.path("environment").asString()).isEqualTo("staging");
            JsonNode statuses = deployment.path("statuses");
            assertThat(statuses.get(0).path("state").asString()).isEqualTo("queued");
            assertThat(statuses.get(0).path("description").asString()).doesNotContain("Queued: ");
            finalStates.add(statuses.get(statuses.size() - 1).path("state").asString());
        }
        assertThat(finalStates).containsExactly("inactive", "inactive", "success");
        JsonNode comments = conversation.path("comments");
        assertThat(texts(comments, "pitapat[bot]"))
                .anySatisfy(body -> assertThat(body).contains("<!-- pitapat:env/staging -->", "Rollback"))
                .anySatisfy(body -> assertThat(body)
                        .contains("`/history staging`")
                        .contains("deploy of `example/hello@" + shortSha(commits.get(2)) + "`"));
        for (JsonNode comment : comments) {
            if (comment.path("author").asString().equals("alice")) {
                assertThat(reactions(comment)).contains("eyes");
            }
        }
        assertThat(Files.readString(botLog))
                .doesNotContain("ERROR")
                .contains("GitOps repository "
                        + workingDirectory.resolve("data/gitops.git").toRealPath());
    }

    /** The commands of the README's "First run" section: the lines of its first shell block. */
    private static List<String> firstRunCommands() throws IOException {
        String readme = ReadmeCommands.readme();
        int section = readme.indexOf("\n## First run");
        assertThat(section).as("a First run section in the README").isPositive();
        Matcher block = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find(section)).isTrue();
        return block.group(1)
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
    }

    private List<RevCommit> gitOpsLog() throws Exception {
        try (Git git = Git.open(workingDirectory.resolve("data/gitops.git").toFile())) {
            List<RevCommit> commits = new ArrayList<>();
            git.log().call().forEach(commits::add);
            return commits;
        }
    }

    private ObjectId folderTree(RevCommit commit) throws Exception {
        try (Git git = Git.open(workingDirectory.resolve("data/gitops.git").toFile())) {
            Repository repository = git.getRepository();
            try (RevWalk walk = new RevWalk(repository);
                    TreeWalk folder = TreeWalk.forPath(
                            repository,
                            "apps/hello/staging",
                            walk.parseCommit(commit).getTree())) {
                assertThat(folder).as("apps/hello/staging in %s", commit.name()).isNotNull();
                return folder.getObjectId(0);
            }
        }
    }

    private JsonNode conversation() throws IOException {
        return JSON.readTree(
                workingDirectory.resolve("data/local-github/conversation.json").toFile());
    }

    private static List<String> texts(JsonNode comments, String author) {
        List<String> texts = new ArrayList<>();
        comments.forEach(c -> {
            if (c.path("author").asString().equals(author)) {
                texts.add(c.path("body").asString());
            }
        });
        return texts;
    }

    private static List<String> reactions(JsonNode comment) {
        List<String> contents = new ArrayList<>();
        comment.path("reactions").forEach(r -> contents.add(r.path("content").asString()));
        return contents;
    }

    private static String shortSha(RevCommit gitOpsCommit) {
        String source = gitOpsCommit
                .getFullMessage()
                .lines()
                .filter(l -> l.startsWith("Pitapat-Source: "))
                .findFirst()
                .orElseThrow();
        return source.substring(source.indexOf('@') + 1, source.indexOf('@') + 8);
    }
}
