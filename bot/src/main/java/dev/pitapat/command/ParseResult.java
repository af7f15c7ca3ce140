package dev.pitapat.command;

import java.util.List;
import java.util.Optional;

/** What a comment means to pitapat: commands to run, a reply to post instead, or nothing. */
public sealed interface ParseResult {

    /**
     * Commands to run, in the order of the comment; at most {@value CommandParser#MAX_COMMANDS}.
     *
     * @param commands the commands, never empty
     * @param notRunLines the lines of further commands, past the limit, which were not read and must not
     *     run; {@link #notRunNote()} tells the commenter about them
     */
    record Commands(List<ParsedCommand> commands, List<Integer> notRunLines) implements ParseResult {

        public Commands {
            if (commands.isEmpty()) {
                throw new IllegalArgumentException("a Commands result holds at least one command");
            }
            commands = List.copyOf(commands);
            notRunLines = List.copyOf(notRunLines);
        }

        /** A Markdown sentence for the reply when some commands were not run. */
        public Optional<String> notRunNote() {
            return CommandParser.notRunNote(notRunLines);
        }
    }

    /**
     * The comment holds a command pitapat cannot read, so none of its commands runs; post this reply.
     *
     * @param markdown what was wrong on which line, the usage that would work, and the rule that was broken;
     *     anything the commenter wrote is quoted through {@link Markdown#code(String)}
     */
    record Reply(String markdown) implements ParseResult {}

    /** The comment holds no command for pitapat (other bots' commands included); do nothing. */
    record Ignored() implements ParseResult {}
}
