package dev.pitapat.onboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the port a Dockerfile's image listens on from its {@code EXPOSE} instructions. The file is untrusted text:
 * only ASCII digits are read from it, and nothing of it is kept.
 *
 * <p>The port is the first TCP port the final stage exposes ({@code 8080/tcp} and {@code 8080} alike; {@code udp}
 * ports skipped; a range gives its first port), or, when the final stage exposes none and is built {@code FROM} an
 * earlier stage, the first that stage exposes. Instructions are read as Docker reads them: any case, continued over
 * lines ending in {@code \}, comment lines skipped. Variables ({@code EXPOSE $PORT}) are not expanded: such a port is
 * skipped.
 */
final class Dockerfiles {

    /** A port, {@code 8080}, {@code 8080/tcp}, {@code 8000-8010/tcp}: digits only, so no other script's digit reads as one. */
    private static final Pattern PORT = Pattern.compile("([0-9]{1,5})(?:-[0-9]{1,5})?(?:/([A-Za-z]+))?");

    private static final Pattern WHITESPACE = Pattern.compile("[ \\t]+");

    private Dockerfiles() {}

    /** The port, if the Dockerfile exposes one. */
    static OptionalInt exposedPort(String dockerfile) {
        List<Stage> stages = new ArrayList<>();
        Map<String, Stage> named = new HashMap<>();
        for (String instruction : instructions(dockerfile)) {
            String[] words = WHITESPACE.split(instruction.strip());
            String keyword = words[0].toUpperCase(Locale.ROOT);
            if (keyword.equals("FROM")) {
                Stage stage = from(words, named);
                stages.add(stage);
                stage.name.ifPresent(name -> named.put(name, stage));
            } else if (keyword.equals("EXPOSE") && !stages.isEmpty()) {
                for (int i = 1; i < words.length; i++) {
                    port(words[i]).ifPresent(stages.getLast().exposed::add);
                }
            }
        }
        if (stages.isEmpty()) {
            return OptionalInt.empty();
        }
        for (@Nullable Stage stage = stages.getLast(); stage != null; stage = stage.base) {
            if (!stage.exposed.isEmpty()) {
                return OptionalInt.of(stage.exposed.getFirst());
            }
        }
        return OptionalInt.empty();
    }

    /** {@code FROM [--platform=...] <image> [AS <name>]}; the base is an earlier stage when the image names one. */
    private static Stage from(String[] words, Map<String, Stage> named) {
        List<String> args = new ArrayList<>();
        for (int i = 1; i < words.length; i++) {
            if (!words[i].startsWith("--")) {
                args.add(words[i]);
            }
        }
        @Nullable Stage base = args.isEmpty() ? null : named.get(args.getFirst().toLowerCase(Locale.ROOT));
        Optional<String> name = args.size() >= 3 && args.get(1).equalsIgnoreCase("AS")
                ? Optional.of(args.get(2).toLowerCase(Locale.ROOT))
                : Optional.empty();
        return new Stage(name, base);
    }

    /** One word of {@code EXPOSE}: its TCP port, if it is one from 1 to 65535. */
    private static OptionalInt port(String word) {
        Matcher m = PORT.matcher(word.replace("\"", "").replace("'", ""));
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        if (m.group(2) != null && !m.group(2).equalsIgnoreCase("tcp")) {
            return OptionalInt.empty();
        }
        int port = Integer.parseInt(m.group(1));
        return port >= 1 && port <= 65535 ? OptionalInt.of(port) : OptionalInt.empty();
    }

    /** The instructions: continuation lines joined, comment and blank lines dropped. */
    private static List<String> instructions(String dockerfile) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\r?\n|\r", -1)) {
            String stripped = line.strip();
            if (stripped.startsWith("#")) {
                continue; // a comment, also between continued lines
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(stripped);
            if (!current.toString().isBlank()) {
                instructions.add(current.toString());
            }
            current.setLength(0);
        }
        if (!current.toString().isBlank()) {
            instructions.add(current.toString());
        }
        return instructions;
    }

    /** A build stage: its name, the earlier stage it is built from (if it is), the TCP ports it exposes. */
    private static final class Stage {
        final Optional<String> name;
        final @Nullable Stage base;
        final List<Integer> exposed = new ArrayList<>();

        Stage(Optional<String> name, @Nullable Stage base) {
            this.name = name;
            this.base = base;
        }
    }
}
