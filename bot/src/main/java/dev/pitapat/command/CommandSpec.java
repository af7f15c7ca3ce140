package dev.pitapat.command;

import java.util.function.Function;

/**
 * One row of the command table: what follows the slash, how the arguments are written, what the command
 * does, which {@link Command} it makes and how its arguments are read.
 *
 * @param word the command word, lower-case ASCII, without the slash
 * @param usage the arguments as {@code /help} shows them, e.g. {@code [env] [--sha <sha>] [--dry-run]}
 * @param description one line for {@code /help}
 * @param type the command this row makes
 * @param arguments reads the words after the command word
 */
record CommandSpec(
        String word,
        String usage,
        String description,
        Class<? extends Command> type,
        Function<Arguments, Parsed> arguments) {

    /** The whole usage, e.g. {@code /deploy [env] [--sha <sha>] [--dry-run]}. */
    String usageLine() {
        return usage.isEmpty() ? "/" + word : "/" + word + " " + usage;
    }
}
