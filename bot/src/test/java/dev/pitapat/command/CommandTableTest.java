package dev.pitapat.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.model.EnvName;
import dev.pitapat.model.Revision;
import dev.pitapat.model.Sha;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One table drives parsing and {@code /help}: they cannot disagree. */
class CommandTableTest {

    /** A full example per command word; a new row without one fails {@link #everyRowHasAnExampleThatParsesToItsCommand}. */
    private static final Map<String, String> EXAMPLES = Map.of(
            "deploy", "/deploy staging --sha 4f9c2a7 --dry-run",
            "rollback", "/rollback staging d-4f9c2a7b1e03",
            "promote", "/promote staging",
            "abort", "/abort staging",
            "status", "/status staging",
            "history", "/history staging",
            "lock", "/lock production db migration",
            "unlock", "/unlock production",
            "help", "/help");

    private final CommandParser parser = new CommandParser();

    @Test
    void everyCommandHasExactlyOneRowAndEveryRowOneCommand() {
        List<Class<? extends Command>> types =
                CommandTable.ALL.stream().map(CommandSpec::type).toList();

        assertThat(types).doesNotHaveDuplicates();
        assertThat(types).containsExactlyInAnyOrder(castAll(Command.class.getPermittedSubclasses()));
    }

    @Test
    void wordsAreDistinctLowerCaseAsciiAndCellsHoldNoPipe() {
        List<String> words = CommandTable.ALL.stream().map(CommandSpec::word).toList();

        assertThat(words).doesNotHaveDuplicates().allMatch(word -> word.matches("[a-z]{1,16}"));
        assertThat(CommandTable.ALL).allSatisfy(spec -> {
            assertThat(spec.usage()).doesNotContain("|", "`", "\n");
            assertThat(spec.description()).doesNotContain("|", "\n");
        });
    }

    @Test
    void everyRowHasAnExampleThatParsesToItsCommand() {
        assertThat(EXAMPLES.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        CommandTable.ALL.stream().map(CommandSpec::word).toList());
        for (CommandSpec spec : CommandTable.ALL) {
            String example = EXAMPLES.get(spec.word());
            String shouted = "/" + spec.word().toUpperCase(Locale.ROOT)
                    + example.substring(spec.word().length() + 1);

            ParseResult result = parser.parse(example);

            assertThat(result).as(example).isInstanceOf(ParseResult.Commands.class);
            Command command = ((ParseResult.Commands) result).commands().get(0).command();
            assertThat(command).as(example).isInstanceOf(spec.type());
            assertThat(parser.parse(shouted)).as(shouted).isEqualTo(result);
        }
    }

    @Test
    void repliesShowTheUsageOfTheTable() {
        for (CommandSpec spec : CommandTable.ALL) {
            ParseResult result = parser.parse("/" + spec.word() + " --bogus");

            assertThat(result).isInstanceOf(ParseResult.Reply.class);
            assertThat(((ParseResult.Reply) result).markdown())
                    .contains("`--bogus` is not an option of `/" + spec.word() + "`.")
                    .contains("Usage: `" + spec.usageLine() + "`");
        }
    }

    @Test
    void helpIsOneTableRowPerCommandWithItsUsage() {
        String help = CommandTable.helpText();
        RenderedMarkdown rendered = RenderedMarkdown.of(help);

        assertThat(rendered.tableRowWidths()).isEqualTo(Collections.nCopies(CommandTable.ALL.size() + 1, 2));
        assertThat(rendered.codeSpans())
                .containsAll(
                        CommandTable.ALL.stream().map(CommandSpec::usageLine).toList());
        for (CommandSpec spec : CommandTable.ALL) {
            assertThat(help).contains("| `" + spec.usageLine() + "` | " + spec.description() + " |\n");
        }
        rendered.assertInert();
        RenderedMarkdown.assertVisible(help);
    }

    @Test
    void helpStatesTheLimitAndTheRulesTheParserApplies() {
        assertThat(CommandTable.helpText())
                .contains("At most " + CommandParser.MAX_COMMANDS + " commands")
                .contains(Grammar.sentence(EnvName.RULE))
                .contains(Grammar.sentence(Sha.RULE))
                .contains(Grammar.sentence(Revision.RULE));
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Command>[] castAll(Class<?>[] classes) {
        return (Class<? extends Command>[]) classes;
    }
}
