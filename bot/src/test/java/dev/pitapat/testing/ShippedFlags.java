package dev.pitapat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM flags the bot ships with, read from where they are defined: the {@code flags=(...)} array of
 * {@code ./pitapat} and what it adds to it ({@code flags+=(...)}). The image's {@code jvmFlags} in
 * {@code bot/pom.xml} are held to the same by a test, and the benchmarks read the script too.
 */
public final class ShippedFlags {

    private static final Pattern FLAGS = Pattern.compile("(?m)^\\s*flags\\+?=\\(([^)]*)\\)");

    private ShippedFlags() {}

    /** The memory flags ({@code flags=(...)}): for any JVM that runs the bot's classes. */
    public static List<String> read() {
        return arrays().getFirst();
    }

    /**
     * Every flag {@code ./pitapat} starts the jar with on a JDK 25 or newer (the image's): the memory flags, the
     * AOT-processed bean definitions ({@code -Dspring.aot.enabled=true}, which only a packaged build has) and
     * compact object headers.
     */
    public static List<String> started() {
        return arrays().stream().flatMap(List::stream).toList();
    }

    private static List<List<String>> arrays() {
        try {
            Matcher matcher = FLAGS.matcher(Files.readString(ReadmeCommands.ROOT.resolve("pitapat")));
            List<List<String>> arrays = new ArrayList<>();
            while (matcher.find()) {
                arrays.add(Arrays.stream(matcher.group(1).trim().split("\\s+")).toList());
            }
            if (arrays.isEmpty() || !matcher.reset().find() || !matcher.group().startsWith("flags=(")) {
                throw new IllegalStateException("no flags=(...) in ./pitapat");
            }
            return arrays;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
