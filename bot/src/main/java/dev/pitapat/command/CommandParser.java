package dev.pitapat.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the ChatOps commands of a pull-request comment (the command contract of DESIGN.md, section 3).
 *
 * <p>A command is a line whose first word is {@code /} and a word of the {@link CommandTable}, matched
 * ASCII-case-insensitively ({@code /Deploy} works, as phone keyboards capitalise the first letter); the
 * rest of the line is its arguments, split on ASCII spaces and tabs. {@link CommentLines} says which lines
 * are read (not code blocks, quotes or HTML comments). Slash words that are not in the table ({@code /lgtm},
 * {@code /assign}, {@code /deployy}, a {@code /dеploy} with a Cyrillic letter) belong to someone else and
 * are ignored.
 *
 * <p>The first {@value #MAX_COMMANDS} command lines are read; later ones are not run and are reported in
 * {@link ParseResult.Commands#notRunLines()}. If any of the lines read is malformed (unknown option, missing
 * or extra word, a name that breaks its rule, a line over {@value #MAX_LINE} characters) the result is a
 * {@link ParseResult.Reply} and no command runs. Arguments are never repaired: {@code staging.} is refused,
 * not read as {@code staging}.
 *
 * <p>Any string is a valid input: the parser does not throw, reads at most {@value CommentLines#MAX_BODY}
 * characters, and does work linear in what it reads.
 */
public final class CommandParser {

    /** Commands of one comment that run; the rest are reported as not run. */
    public static final int MAX_COMMANDS = 5;

    /** Longest command line read, in characters. */
    static final int MAX_LINE = 1_000;

    private static final int LINES_LISTED = 10;

    /** What {@code commentBody} asks of pitapat. */
    public ParseResult parse(String commentBody) {
        List<ParsedCommand> commands = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Integer> problemLines = new ArrayList<>();
        List<Integer> notRun = new ArrayList<>();
        for (CommentLines.Line line : CommentLines.candidates(commentBody)) {
            String text = line.text();
            int wordEnd = 1;
            while (wordEnd < text.length() && !Arguments.isBlank(text.charAt(wordEnd))) {
                wordEnd++;
            }
            Optional<CommandSpec> found = CommandTable.find(text.substring(1, wordEnd));
            if (found.isEmpty()) {
                continue;
            }
            CommandSpec spec = found.get();
            if (commands.size() + problems.size() >= MAX_COMMANDS) {
                notRun.add(line.number());
                continue;
            }
            Parsed parsed = text.length() > MAX_LINE
                    ? new Parsed.Refused("The line is " + text.length() + " characters long; a command line may be"
                            + " at most " + MAX_LINE + " characters.")
                    : spec.arguments().apply(Arguments.of(spec.word(), text.substring(wordEnd)));
            switch (parsed) {
                case Parsed.Ok ok -> commands.add(new ParsedCommand(line.number(), ok.command()));
                case Parsed.Refused refused -> {
                    problemLines.add(line.number());
                    problems.add(
                            "- Line " + line.number() + ": " + refused.why() + "\n  Usage: `" + spec.usageLine() + "`");
                }
            }
        }
        if (!problems.isEmpty()) {
            return new ParseResult.Reply(reply(problems, problemLines, notRun));
        }
        if (commands.isEmpty()) {
            return new ParseResult.Ignored();
        }
        return new ParseResult.Commands(commands, notRun);
    }

    private static String reply(List<String> problems, List<Integer> problemLines, List<Integer> notRun) {
        StringBuilder reply = new StringBuilder("pitapat ran nothing from this comment: ")
                .append(problemLines.size() == 1 ? "the command on line " : "the commands on lines ")
                .append(lineList(problemLines))
                .append(problemLines.size() == 1 ? " is" : " are")
                .append(" malformed.\n\n");
        for (String problem : problems) {
            reply.append(problem).append('\n');
        }
        notRunNote(notRun).ifPresent(note -> reply.append('\n').append(note).append('\n'));
        return reply.append(problems.size() == 1 ? "\nFix that line" : "\nFix those lines")
                .append(" and comment again; `/help` lists every command.\n")
                .toString();
    }

    static Optional<String> notRunNote(List<Integer> notRun) {
        if (notRun.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Only the first " + MAX_COMMANDS + " commands of a comment are read; "
                + (notRun.size() == 1
                        ? "the command on line " + lineList(notRun) + " was not run."
                        : "the " + notRun.size() + " commands on lines " + lineList(notRun) + " were not run.")
                + " Comment them again to run them.");
    }

    /** {@code 3}, {@code 3 and 5}, {@code 3, 4 and 5}, or the first ten and how many more. */
    private static String lineList(List<Integer> lines) {
        if (lines.size() == 1) {
            return String.valueOf(lines.get(0));
        }
        int listed = lines.size() > LINES_LISTED ? LINES_LISTED : lines.size() - 1;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < listed; i++) {
            text.append(i == 0 ? "" : ", ").append(lines.get(i));
        }
        return lines.size() > LINES_LISTED
                ? text.append(" and ")
                        .append(lines.size() - listed)
                        .append(" more")
                        .toString()
                : text.append(" and ").append(lines.get(lines.size() - 1)).toString();
    }
}
