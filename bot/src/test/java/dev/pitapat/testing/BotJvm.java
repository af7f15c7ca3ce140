package dev.pitapat.testing;

import dev.pitapat.PitapatApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The bot in a JVM of its own, started as an operator starts it (the main class, settings as arguments) and
 * stopped the ways a pod is: {@code SIGTERM} (Kubernetes asking) or {@code SIGKILL} (out of patience, out of
 * memory). Its output goes to a file the test can read.
 */
public final class BotJvm implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private BotJvm(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the bot with {@code settings} ({@code --key=value}) and waits until it answers HTTP. */
    public static BotJvm start(Path dir, Map<String, String> settings) throws IOException {
        return start(dir, settings, List.of());
    }

    /** The same, with JVM options such as {@code -Dkubeconfig=...}. */
    public static BotJvm start(Path dir, Map<String, String> settings, List<String> jvmOptions) throws IOException {
        int port = RedisServer.freePort();
        Files.createDirectories(dir);
        Path log = Files.createTempFile(dir, "bot-", ".log");
        List<String> command = new ArrayList<>(
                List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                PitapatApplication.class.getName(),
                "--server.port=" + port));
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        BotJvm bot = new BotJvm(process, port, log);
        Awaitility.await("the bot in its own JVM answering on port " + port)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the bot exited: " + bot.output());
                    }
                    return bot.answers();
                });
        return bot;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Asks it to stop, as Kubernetes does ({@code SIGTERM}). */
    public void terminate() {
        process.destroy();
    }

    /** Kills it at once ({@code SIGKILL}): nothing of it runs after this. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** Waits until it has exited; returns its exit code. */
    public int awaitExit(Duration atMost) {
        try {
            if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the bot did not exit within " + atMost);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Everything it printed so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private boolean answers() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }
    }
}
