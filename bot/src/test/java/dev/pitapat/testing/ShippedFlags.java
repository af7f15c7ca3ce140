package dev.pitapat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM flags the bot ships with, read from where they are defined: the {@code flags=(...)} array of
 * {@code ./pitapat} (the image's {@code jvmFlags} in {@code bot/pom.xml} are held to the same by a test, and the
 * benchmarks read the script too).
 */
public final class ShippedFlags {

    private static final Pattern FLAGS = Pattern.compile("(?m)^flags=\\(([^)]*)\\)");

    private ShippedFlags() {}

    public static List<String> read() {
        try {
            Matcher matcher = FLAGS.matcher(Files.readString(ReadmeCommands.ROOT.resolve("pitapat")));
            if (!matcher.find()) {
                throw new IllegalStateException("no flags=(...) in ./pitapat");
            }
            return Arrays.stream(matcher.group(1).trim().split("\\s+")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
