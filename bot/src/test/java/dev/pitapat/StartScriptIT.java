package dev.pitapat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.testing.ReadmeCommands;
import dev.pitapat.testing.RedisServer;
import dev.pitapat.testing.TestPem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How {@code ./pitapat} starts the bot faster (README, "Start the bot"): the first start after a build prepares
 * {@code bot/target/app} (the jar extracted and, on a JDK 25 or newer, a JDK AOT cache from a training start),
 * later starts use it without preparing again, and a new build prepares it again; every start runs the bean
 * definitions Spring AOT generated at build time, and settings still choose what runs. The JVM's own arguments are
 * read from the process ({@code ./pitapat} execs the JVM in its place).
 */
class StartScriptIT {

    static final Path APP = ReadmeCommands.ROOT.resolve("bot/target/app");
    static final Path JAR = ReadmeCommands.ROOT.resolve("bot/target/pitapat.jar");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path workingDirectory;

    @TempDir
    Path logs;

    Process bot;

    /** The JVM arguments of the last start. */
    List<String> arguments = List.of();

    @AfterEach
    void stopBot() throws InterruptedException {
        ReadmeCommands.stop(bot);
    }

    @Test
    void theFirstStartAfterABuildPreparesTheExtractedJarAndItsAotCacheAndLaterStartsUseThem() throws Exception {
        FileTime built = Files.getLastModifiedTime(JAR);
        try {
            // a new build: the jar is newer than what was prepared
            Files.setLastModifiedTime(JAR, FileTime.from(Instant.now()));

            String first = startAndStop("first.log");
            assertThat(first).contains("pitapat: preparing " + APP);
            assertThat(APP.resolve("pitapat.jar")).isRegularFile();
            assertThat(APP.resolve("lib")).isDirectory();
            boolean aot = Runtime.version().feature() >= 25; // the JDK ./pitapat is given (JAVA_HOME below)
            if (aot) {
                assertThat(APP.resolve("pitapat.aot")).isNotEmptyFile();
            }

            String second = startAndStop("second.log");
            assertThat(second).doesNotContain("preparing");
            assertThat(second).contains("Starting AOT-processed PitapatApplication");
            assertThat(arguments).contains("-jar", APP.resolve("pitapat.jar").toString());
            assertThat(arguments).contains("-Xmx144m", "-XX:+UseSerialGC");
            if (aot) {
                assertThat(arguments)
                        .contains(
                                "-XX:AOTCache=" + APP.resolve("pitapat.aot"),
                                "-XX:+UseCompactObjectHeaders",
                                "-XX:TrimNativeHeapInterval=1000");
                assertThat(second).doesNotContain("AOT cache").doesNotContain("[aot]");
            }
        } finally {
            Files.setLastModifiedTime(JAR, built);
        }
    }

    /**
     * The AOT-processed jar fixed its beans at build time, on embedded defaults; settings still choose at start:
     * Redis instead of the in-memory store, the GitHub App instead of the local stand-in, sign-in instead of
     * loopback-only pages.
     */
    @Test
    void settingsChooseTheStoreTheAppAndSignInAtStartInTheAotProcessedJar() throws Exception {
        Path key = logs.resolve("app-key.pem");
        Files.writeString(key, TestPem.newAppKey());
        Path log = logs.resolve("configured.log");
        bot = ReadmeCommands.start(
                ReadmeCommands.startCommand(),
                List.of("--server.port=0", "--pitapat.github.api-url=http://127.0.0.1:9"),
                Map.of(
                        "JAVA_HOME",
                        System.getProperty("java.home"),
                        "SPRING_DATA_REDIS_URL",
                        RedisServer.shared().url(),
                        "PITAPAT_QUEUE_KEY_PREFIX",
                        RedisServer.freshPrefix(),
                        "PITAPAT_GITHUB_APP_ID",
                        "4242",
                        "PITAPAT_GITHUB_PRIVATE_KEY_FILE",
                        key.toString(),
                        "PITAPAT_GITHUB_WEBHOOK_SECRET",
                        "configured-secret",
                        "PITAPAT_GITHUB_CLIENT_ID",
                        "Iv1.configured",
                        "PITAPAT_GITHUB_CLIENT_SECRET",
                        "configured-client-secret"),
                workingDirectory,
                log);
        int port = ReadmeCommands.awaitPort(bot, log);
        HttpClient http = HttpClient.newHttpClient();

        JsonNode components =
                JSON.readTree(get(http, port, "/actuator/health").body()).path("components");
        assertThat(components.path("store").path("details").path("type").asString())
                .isEqualTo("redis");
        assertThat(components.has("github")).as("the App's health").isTrue();
        HttpResponse<String> page = get(http, port, "/");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/oauth2/authorization/github"));
        HttpResponse<String> signIn = get(http, port, "/oauth2/authorization/github");
        assertThat(signIn.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to)
                        .startsWith("http://127.0.0.1:9/login/oauth/authorize")
                        .contains("client_id=Iv1.configured"));
        ReadmeCommands.stop(bot);

        String output = Files.readString(log);
        assertThat(output)
                .contains("Starting AOT-processed PitapatApplication")
                .contains("Sign in with GitHub for the status page and /api")
                .doesNotContain("local stand-in")
                .doesNotContain("configured-client-secret");
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Starts {@code ./pitapat} on embedded defaults, notes its JVM's arguments, stops it; its output. */
    private String startAndStop(String name) throws Exception {
        Path log = logs.resolve(name);
        bot = ReadmeCommands.start(
                ReadmeCommands.startCommand(),
                List.of("--server.port=0"),
                Map.of("JAVA_HOME", System.getProperty("java.home")),
                workingDirectory,
                log);
        ReadmeCommands.awaitPort(bot, log);
        arguments = bot.toHandle().info().arguments().map(List::of).orElse(List.of());
        ReadmeCommands.stop(bot);
        return Files.readString(log);
    }
}
