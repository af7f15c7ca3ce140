package dev.pitapat.command;

/** The arguments of one command line, read: a command, or why not. */
sealed interface Parsed {

    /** The line is this command. */
    record Ok(Command command) implements Parsed {}

    /**
     * The line is malformed.
     *
     * @param why Markdown, one or two sentences; anything the commenter wrote is quoted through {@link
     *     Markdown#code(String)}
     */
    record Refused(String why) implements Parsed {}
}
