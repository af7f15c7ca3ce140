package dev.pitapat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's commands, read from the README and run as processes the way a person would: from a fresh
 * working directory, files named relative to the repository root ({@code ./pitapat}) found there, and nothing
 * of this JVM's configuration passed on (no pitapat, Spring or server setting in the environment).
 */
public final class ReadmeCommands {

    public static final Path ROOT =
            Path.of(System.getProperty("pitapat.root", "..")).toAbsolutePath().normalize();

    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

    private ReadmeCommands() {}

    public static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    /** The README's start command: what follows {@code ./mvnw -B -q -DskipTests package &&}. */
    public static String startCommand() throws IOException {
        Matcher matcher = Pattern.compile("(?m)^\\./mvnw -B -q -DskipTests package && (.+)$")
                .matcher(readme());
        assertThat(matcher.find())
                .as("the README's start command in " + ROOT.resolve("README.md"))
                .isTrue();
        return matcher.group(1).trim();
    }

    /**
     * Starts one command line ({@code NAME=value} prefixes become its environment) in {@code directory}, with
     * {@code extra} arguments appended and {@code environment} added, its output going to {@code log}.
     */
    public static Process start(
            String commandLine, List<String> extra, Map<String, String> environment, Path directory, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        Map<String, String> prefixes = new HashMap<>();
        for (String token : commandLine.split("\\s+")) {
            if (command.isEmpty() && token.matches("[A-Z_][A-Z0-9_]*=.*")) {
                prefixes.put(token.substring(0, token.indexOf('=')), token.substring(token.indexOf('=') + 1));
            } else {
                Path file = ROOT.resolve(token);
                command.add(!token.startsWith("-") && Files.exists(file) ? file.toString() : token);
            }
        }
        command.addAll(extra);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("PITAPAT_")
                        || name.startsWith("SPRING_")
                        || name.startsWith("SERVER_")
                        || name.equals("JAVA_TOOL_OPTIONS")
                        || name.equals("JDK_JAVA_OPTIONS"));
        builder.environment().putAll(prefixes);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** The port the bot started on, from its log; fails with the log when it exits or takes too long. */
    public static int awaitPort(Process bot, Path log) throws IOException {
        try {
            return await("the bot's start-up")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the bot exited", () -> !bot.isAlive())
                    .until(() -> portIn(log), Optional::isPresent)
                    .orElseThrow();
        } catch (org.awaitility.core.ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "; its output:\n" + Files.readString(log), e);
        }
    }

    public static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static Optional<Integer> portIn(Path log) throws IOException {
        Matcher matcher = STARTED.matcher(Files.exists(log) ? Files.readString(log) : "");
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }
}
