package dev.pitapat.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.config.HostileYaml.Case;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * {@code .github/pitapat.yml} is untrusted: for a fixed time ({@code -Dfuzz.seconds}, 8 by default), hostile texts
 * from a seeded generator ({@link HostileYaml}; the seed is printed, {@code -Dfuzz.seed} replays a run) are read as
 * the default branch's file, the deployed commit's, or both. Each yields a {@link ConfigResult} within seconds,
 * never an exception; each problem names its field, or the line of the file, and the rule, in bounded words
 * that quote nothing of the file.
 */
class RepoConfigsFuzzTest {

    /** Longer than any read takes by far: past it, the reader is taken to hang. */
    private static final Duration HANG = Duration.ofSeconds(5);

    /** Characters at most in a problem's path, problem or rule. */
    private static final int MAX_FIELD = 1000;

    private static final int MAX_REPORTED = 20;

    @Test
    void everyTextYieldsAResultWhoseProblemsNameTheFieldOrLineAndQuoteNothing() throws InterruptedException {
        long seed = Optional.ofNullable(System.getProperty("fuzz.seed"))
                .map(Long::decode)
                .orElseGet(() -> new SecureRandom().nextLong());
        Duration budget = Duration.ofSeconds(Long.getLong("fuzz.seconds", 8));
        System.out.printf(
                "RepoConfigsFuzzTest: seed %d for %d s (replay with -Dfuzz.seed=%d)%n", seed, budget.toSeconds(), seed);
        HostileYaml hostile = new HostileYaml(new Random(seed));
        ExecutorService reader = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("config-reader").daemon().factory());
        List<String> defects = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        int mostProblems = 0;
        int longestField = 0;
        try {
            long deadline = System.nanoTime() + budget.toNanos();
            int n = 0;
            for (; System.nanoTime() < deadline && defects.size() < MAX_REPORTED; n++) {
                Case input = hostile.next();
                String where = "case " + n + " of seed " + seed + " (" + input.label() + ": "
                        + visible(input.policyFile().orElse("") + " | "
                                + input.appFile().orElse("")) + ")";
                Future<ConfigResult> reading = reader.submit(
                        () -> RepoConfigs.resolve(input.owner(), input.repo(), input.policyFile(), input.appFile()));
                ConfigResult result;
                try {
                    result = reading.get(HANG.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    defects.add(where + ": no result within " + HANG.toSeconds() + " s");
                    break; // the reader is stuck on it
                } catch (ExecutionException e) {
                    defects.add(where + ": threw " + e.getCause());
                    continue;
                }
                switch (result) {
                    case ConfigResult.Valid v -> valid++;
                    case ConfigResult.Invalid i -> {
                        invalid++;
                        mostProblems = Math.max(mostProblems, i.problems().size());
                        for (ConfigProblem problem : i.problems()) {
                            longestField = Math.max(
                                    longestField,
                                    Math.max(
                                            problem.path().length(),
                                            Math.max(
                                                    problem.problem().length(),
                                                    problem.rule().length())));
                            judge(problem)
                                    .ifPresent(why ->
                                            defects.add(where + ": " + why + ": " + visible(problem.toString())));
                        }
                    }
                }
            }
            System.out.printf(
                    "RepoConfigsFuzzTest: %d inputs, %d valid, %d invalid; at most %d problems, the longest field %d"
                            + " characters%n",
                    n, valid, invalid, mostProblems, longestField);
        } finally {
            reader.shutdownNow();
        }

        assertThat(defects)
                .as("seed %d (replay with -Dfuzz.seed=%d)", seed, seed)
                .isEmpty();
    }

    /** What is wrong with a problem as reported, if anything. */
    private static Optional<String> judge(ConfigProblem problem) {
        List<String> fields = List.of(problem.path(), problem.problem(), problem.rule());
        if (fields.stream().anyMatch(String::isBlank)) {
            return Optional.of("a problem with a blank field");
        }
        if (fields.stream().anyMatch(field -> field.length() > MAX_FIELD)) {
            return Optional.of("a problem longer than " + MAX_FIELD + " characters");
        }
        if (fields.stream().anyMatch(field -> field.contains(HostileYaml.CANARY))) {
            return Optional.of("a problem that quotes the file");
        }
        if (problem.path().equals(RepoConfigs.PATH)
                && problem.problem().startsWith("it is not valid YAML")
                && !problem.problem().contains(" at line ")) {
            return Optional.of("a syntax problem that names no line");
        }
        return Optional.empty();
    }

    /** Text in a failure message, cut short, every character outside printable ASCII as an escape. */
    private static String visible(String text) {
        String shown = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        StringBuilder visible = new StringBuilder();
        shown.chars()
                .forEach(c ->
                        visible.append(c >= 0x20 && c < 0x7F ? Character.toString(c) : String.format("\\u%04X", c)));
        return visible.toString();
    }
}
