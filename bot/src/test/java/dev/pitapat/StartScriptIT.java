package dev.pitapat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.testing.ReadmeCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code ./pitapat} starts the bot faster (README, "Start the bot"): the first start after a build prepares
 * {@code bot/target/app} (the jar extracted and, on a JDK 25 or newer, a JDK AOT cache from a training start),
 * later starts use it without preparing again, and a new build prepares it again. The JVM's own arguments are
 * read from the process ({@code ./pitapat} execs the JVM in its place).
 */
class StartScriptIT {

    static final Path APP = ReadmeCommands.ROOT.resolve("bot/target/app");
    static final Path JAR = ReadmeCommands.ROOT.resolve("bot/target/pitapat.jar");

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
            assertThat(arguments).contains("-jar", APP.resolve("pitapat.jar").toString());
            assertThat(arguments).contains("-Xmx144m", "-XX:+UseSerialGC");
            if (aot) {
                assertThat(arguments).contains("-XX:AOTCache=" + APP.resolve("pitapat.aot"));
                assertThat(second).doesNotContain("AOT cache").doesNotContain("[aot]");
            }
        } finally {
            Files.setLastModifiedTime(JAR, built);
        }
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
