package dev.pitapat.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.command.Command.Abort;
import dev.pitapat.command.Command.Deploy;
import dev.pitapat.command.Command.Help;
import dev.pitapat.command.Command.History;
import dev.pitapat.command.Command.Lock;
import dev.pitapat.command.Command.Promote;
import dev.pitapat.command.Command.Rollback;
import dev.pitapat.command.Command.Status;
import dev.pitapat.command.Command.Unlock;
import dev.pitapat.model.EnvName;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Random comment bodies, seeded: commands, other bots' words, flags, names, look-alikes, invisible characters,
 * fences, quotes and line endings in any mix. The parser must never throw, and whatever it accepts must obey
 * the rules, checked here by independent means (regular expressions, the body's own lines).
 */
class CommandParserFuzzTest {

    private static final int BODIES = 20_000;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,40}");
    private static final Pattern REVISION = Pattern.compile("[0-9a-f]{7,40}|d-[0-9a-f]{12}");
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");
    private static final Pattern BLANKS = Pattern.compile("[ \t]+");

    private static final String[] WORDS = {
        "/deploy",
        "/Deploy",
        "/DEPLOY",
        "/rollback",
        "/promote",
        "/abort",
        "/status",
        "/history",
        "/lock",
        "/unlock",
        "/help",
        "/lgtm",
        "/assign",
        "/approve",
        "/cc",
        "/deployy",
        "/dеploy",
        "/loc\u212A",
        "/ſtatus",
        "/",
        "deploy",
        "／deploy",
        "/deploy\u200B"
    };
    private static final String[] ARGUMENTS = {
        "staging",
        "production",
        "pr-42",
        "prod",
        "a",
        "Staging",
        "staging.",
        "staging,",
        "ѕtaging",
        "stag\u200Bing",
        "--dry-run",
        "--sha",
        "--sha=4f9c2a7",
        "--sha=",
        "4f9c2a7",
        "4F9C2A7",
        "4f9c2a7b1e03d5f6a7b8c9d0e1f2a3b4c5d6e7f8",
        "d-4f9c2a7b1e03",
        "d-123",
        "--force",
        "-f",
        "—dry-run",
        "$(id)",
        "../../etc",
        "rm -rf /",
        ";",
        "@org/team",
        "[x](https://evil)",
        "![](https://evil/p.png)",
        "<img src=x>",
        "`",
        "``",
        "```",
        "~~~",
        ">",
        "<!--",
        "-->",
        "\"quoted reason\"",
        "“smart”",
        "#123",
        "|",
        "\\",
        "staging:",
        "{x}",
        "a".repeat(63),
        "a".repeat(64),
        "🚀",
        "デプロイ"
    };
    private static final String[] ODD = {
        "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u202E", "\u2066", "\u0000", "\u0007", "\u001B", "\u007F",
        "\u00A0", "\u2028", "\u2029", "\u3000", "ѕ", "е", "\uD800", "\uDC00", "\u0301", "\uFE0F"
    };
    private static final String[] BLANK = {" ", " ", " ", "\t", "  ", " \t "};
    private static final String[] BREAKS = {"\n", "\n", "\r\n", "\r", "\n\n"};
    private static final String[] PREFIXES = {
        "", "", "", "", " ", "   ", "    ", "\t", "> ", "> > ", ">", "- ", "```", "~~~", "````", "<!--", "-->", "text "
    };

    private final CommandParser parser = new CommandParser();

    @Test
    void neverThrowsAndAcceptsOnlyWhatTheRulesAllow() {
        Random random = new Random(0x5EED_CAFEL);
        int[] outcomes = new int[3];
        for (int i = 0; i < BODIES; i++) {
            String body = body(random);
            ParseResult result;
            try {
                result = parser.parse(body);
            } catch (RuntimeException e) {
                throw new AssertionError("parse threw on body " + i + ": " + visible(body), e);
            }
            switch (result) {
                case ParseResult.Commands commands -> {
                    outcomes[0]++;
                    checkCommands(body, commands);
                }
                case ParseResult.Reply reply -> {
                    outcomes[1]++;
                    RenderedMarkdown.of(reply.markdown()).assertInert();
                    RenderedMarkdown.assertVisible(reply.markdown());
                    assertThat(reply.markdown()).contains("Usage: `/");
                }
                case ParseResult.Ignored ignored -> outcomes[2]++;
            }
        }
        assertThat(Arrays.stream(outcomes).boxed().toList())
                .as("commands, replies, ignored")
                .allMatch(count -> count > BODIES / 20);
    }

    @Test
    void readsPathologicalBodies() {
        assertThat(parser.parse(">".repeat(70_000))).isEqualTo(new ParseResult.Ignored());
        assertThat(parser.parse("`".repeat(70_000))).isEqualTo(new ParseResult.Ignored());
        assertThat(parser.parse("<!--".repeat(20_000) + "\n/status")).isEqualTo(new ParseResult.Ignored());
        assertThat(parser.parse("\r".repeat(70_000))).isEqualTo(new ParseResult.Ignored());
        assertThat(parser.parse("/DEPLOY" + "\u200B".repeat(70_000))).isEqualTo(new ParseResult.Ignored());
        assertThat(parser.parse("/deploy " + " ".repeat(65_000) + "x")).isInstanceOf(ParseResult.Reply.class);
        assertThat(parser.parse("/lock prod " + " \t".repeat(40_000))).isInstanceOf(ParseResult.Reply.class);
        assertThat(parser.parse("/deploy --sha " + "a".repeat(70_000))).isInstanceOf(ParseResult.Reply.class);
        assertThat(parser.parse("/status\n".repeat(10_000)))
                .isInstanceOfSatisfying(ParseResult.Commands.class, commands -> {
                    assertThat(commands.commands()).hasSize(CommandParser.MAX_COMMANDS);
                    assertThat(commands.notRunLines()).hasSize(65_536 / 8 - CommandParser.MAX_COMMANDS);
                    assertThat(commands.notRunNote().orElseThrow()).contains("and 8177 more were not run");
                });
    }

    private static void checkCommands(String body, ParseResult.Commands result) {
        List<String> lines = linesAsGitHubHasThem(body);
        assertThat(result.commands()).hasSizeBetween(1, CommandParser.MAX_COMMANDS);
        int previous = 0;
        for (ParsedCommand parsed : result.commands()) {
            assertThat(parsed.line()).as(visible(body)).isGreaterThan(previous).isLessThanOrEqualTo(lines.size());
            previous = parsed.line();
            String line = lines.get(parsed.line() - 1);
            List<String> tokens = Arrays.asList(BLANKS.split(stripBlanks(line)));
            assertThat(indent(line)).as(visible(line)).isLessThanOrEqualTo(3);
            assertThat(tokens.get(0).chars()).as(visible(line)).allMatch(c -> c < 0x80);
            assertThat(tokens.get(0).toLowerCase(Locale.ROOT))
                    .as(visible(line))
                    .isEqualTo("/" + wordOf(parsed.command()));
            for (String name : names(parsed.command())) {
                assertThat(name).as(visible(line)).matches(LABEL).hasSizeLessThanOrEqualTo(63);
                assertThat(tokens).as(visible(line)).contains(name);
            }
            switch (parsed.command()) {
                case Deploy deploy ->
                    deploy.sha().ifPresent(sha -> {
                        assertThat(sha.value()).matches(SHA);
                        assertThat(tokens).as(visible(line)).containsAnyOf(sha.value(), "--sha=" + sha.value());
                    });
                case Rollback rollback ->
                    rollback.to().ifPresent(to -> {
                        assertThat(to.text()).matches(REVISION);
                        assertThat(tokens).as(visible(line)).contains(to.text());
                    });
                case Lock lock ->
                    lock.reason().ifPresent(reason -> {
                        assertThat(reason.codePointCount(0, reason.length())).isLessThanOrEqualTo(200);
                        assertThat(reason.codePoints())
                                .noneMatch(c -> Character.getType(c) == Character.CONTROL
                                        || Character.getType(c) == Character.FORMAT);
                    });
                case Promote p -> {}
                case Abort a -> {}
                case Status s -> {}
                case History h -> {}
                case Unlock u -> {}
                case Help h -> {}
            }
        }
        assertThat(result.notRunLines())
                .allMatch(line -> line > result.commands().getLast().line());
        assertThat(result.notRunNote().isPresent())
                .isEqualTo(!result.notRunLines().isEmpty());
    }

    private static List<String> names(Command command) {
        Optional<EnvName> env = switch (command) {
            case Deploy deploy -> deploy.env();
            case Rollback rollback -> rollback.env();
            case Promote promote -> promote.env();
            case Abort abort -> abort.env();
            case Status status -> status.env();
            case History history -> history.env();
            case Lock lock -> Optional.of(lock.env());
            case Unlock unlock -> Optional.of(unlock.env());
            case Help help -> Optional.empty();
        };
        return env.map(EnvName::value).stream().toList();
    }

    private static String wordOf(Command command) {
        return CommandTable.ALL.stream()
                .filter(spec -> spec.type().isInstance(command))
                .findFirst()
                .orElseThrow()
                .word();
    }

    /** The body as the parser may read it: GitHub's 65,536 characters, split at LF, CRLF and CR. */
    private static List<String> linesAsGitHubHasThem(String body) {
        String read = body.length() > 65_536 ? body.substring(0, 65_536) : body;
        return List.of(LINE_BREAK.split(read, -1));
    }

    private static String body(Random random) {
        int shape = random.nextInt(100);
        if (shape == 0) {
            return "/status\n".repeat(random.nextInt(120));
        }
        if (shape == 1) {
            return pick(random, WORDS) + " " + "a".repeat(random.nextInt(70_000));
        }
        StringBuilder body = new StringBuilder();
        int lines = random.nextInt(12);
        for (int l = 0; l < lines; l++) {
            body.append(random.nextInt(3) == 0 ? pick(random, PREFIXES) : "");
            if (random.nextInt(4) != 0) {
                body.append(pick(random, WORDS));
            }
            int words = random.nextInt(5);
            for (int w = 0; w < words; w++) {
                body.append(pick(random, BLANK)).append(argument(random));
            }
            if (random.nextInt(8) == 0) {
                body.append(pick(random, BLANK));
            }
            body.append(pick(random, BREAKS));
        }
        return body.toString();
    }

    private static String argument(Random random) {
        String argument = pick(random, ARGUMENTS);
        if (random.nextInt(6) == 0) {
            int at = random.nextInt(argument.length() + 1);
            argument = argument.substring(0, at) + pick(random, ODD) + argument.substring(at);
        }
        return argument;
    }

    private static String pick(Random random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static int indent(String line) {
        int columns = 0;
        for (int i = 0; i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t'); i++) {
            columns = line.charAt(i) == '\t' ? columns + 4 - columns % 4 : columns + 1;
        }
        return columns;
    }

    private static String stripBlanks(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return line.substring(start, end);
    }

    /** A body in a failure message, every non-printable-ASCII character as an escape. */
    private static String visible(String text) {
        String shown = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        return shown.codePoints()
                .mapToObj(c -> c >= 0x20 && c < 0x7F ? Character.toString(c) : String.format("\\u%04X", c))
                .collect(Collectors.joining());
    }
}
