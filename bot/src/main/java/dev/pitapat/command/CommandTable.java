package dev.pitapat.command;

import dev.pitapat.model.EnvName;
import dev.pitapat.model.Revision;
import dev.pitapat.model.Sha;
import java.util.List;
import java.util.Optional;

/**
 * Every command pitapat reads, in the order {@code /help} lists them. The parser and the help text both come
 * from {@link #ALL}, so help cannot name a command or an argument that does not parse.
 */
public final class CommandTable {

    static final List<CommandSpec> ALL = List.of(
            new CommandSpec(
                    "deploy",
                    "[env] [--sha <sha>] [--dry-run]",
                    "deploy this pull request's head, or `sha` (`--sha=<sha>` works too), to `env` (default: the"
                            + " pull request's preview environment, or the first environment when previews are off);"
                            + " `--dry-run` commits nothing and replies with the manifest diff",
                    Command.Deploy.class,
                    Grammar::deploy),
            new CommandSpec(
                    "rollback",
                    "[env] [<revision>]",
                    "restore `env` to its previous deployed revision, or to `revision` from `/history` (name the"
                            + " environment before a revision); push-to-deploy then skips `env` until the next"
                            + " `/deploy` or `/unlock`",
                    Command.Rollback.class,
                    Grammar::rollback),
            new CommandSpec(
                    "promote",
                    "[env]",
                    "blue-green: switch traffic to the new version",
                    Command.Promote.class,
                    Grammar::promote),
            new CommandSpec(
                    "abort",
                    "[env]",
                    "blue-green: abort the rollout and keep the old version live",
                    Command.Abort.class,
                    Grammar::abort),
            new CommandSpec(
                    "status", "[env]", "reply with the current state of `env`", Command.Status.class, Grammar::status),
            new CommandSpec(
                    "history",
                    "[env]",
                    "reply with the last 10 deployments to `env`",
                    Command.History.class,
                    Grammar::history),
            new CommandSpec(
                    "lock",
                    "<env> [reason]",
                    "freeze deploys to `env`; the rest of the line is the reason",
                    Command.Lock.class,
                    Grammar::lock),
            new CommandSpec("unlock", "<env>", "unfreeze deploys to `env`", Command.Unlock.class, Grammar::unlock),
            new CommandSpec(
                    "help",
                    "",
                    "reply with these commands and this repository's environments",
                    Command.Help.class,
                    Grammar::help));

    private CommandTable() {}

    /**
     * The commands as Markdown: a table of usage and effect, then the rules for names and for which lines
     * count. The repository's environments are not part of it; the {@code /help} reply adds them.
     */
    public static String helpText() {
        StringBuilder help = new StringBuilder("| command | what it does |\n|---|---|\n");
        for (CommandSpec spec : ALL) {
            help.append("| `")
                    .append(spec.usageLine())
                    .append("` | ")
                    .append(spec.description())
                    .append(" |\n");
        }
        return help.append('\n')
                .append("A command is a line that starts with one of these words (upper-case letters in the word"
                        + " are fine); lines in code blocks, quotes and HTML comments are not read. At most ")
                .append(CommandParser.MAX_COMMANDS)
                .append(" commands of one comment run, in order; if one of them is malformed, none runs. ")
                .append(Grammar.sentence(EnvName.RULE))
                .append(' ')
                .append(Grammar.sentence(Sha.RULE))
                .append(' ')
                .append(Grammar.sentence(Revision.RULE))
                .append('\n')
                .toString();
    }

    /**
     * The row for a command word, matched ASCII-case-insensitively ({@code /Deploy} is {@code /deploy}).
     * Only ASCII letters fold: {@code K} (Kelvin sign) or a Cyrillic {@code е} never match.
     */
    static Optional<CommandSpec> find(String word) {
        if (word.isEmpty() || word.length() > 16) {
            return Optional.empty();
        }
        char[] lower = new char[word.length()];
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                lower[i] = (char) (c + ('a' - 'A'));
            } else if (c >= 'a' && c <= 'z') {
                lower[i] = c;
            } else {
                return Optional.empty();
            }
        }
        String key = new String(lower);
        return ALL.stream().filter(spec -> spec.word().equals(key)).findFirst();
    }
}
