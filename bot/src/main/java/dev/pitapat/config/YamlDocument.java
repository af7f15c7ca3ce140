package dev.pitapat.config;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlVersionException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Turns the text of a config file into a node tree, or into problems, treating it as hostile: the size is
 * capped before parsing, the event stream is read once to refuse anchors, aliases, several documents and deep
 * nesting, and only then is the tree composed (so no alias is ever expanded). Problems name a line and column,
 * never the text: the parser's own messages quote the input and are not passed on.
 */
final class YamlDocument {

    /** Largest accepted file, in UTF-8 bytes. */
    static final int MAX_BYTES = 64 * 1024;

    /** Deepest accepted nesting of mappings and lists; the schema needs 4. */
    static final int MAX_DEPTH = 8;

    static final String FILE = RepoConfigs.PATH;

    private static final String SYNTAX_RULE = "the file is one YAML document whose top level is a mapping";
    private static final String CHARACTER_RULE =
            "YAML allows printable characters, tabs and line breaks, not other control characters or a lone half of a"
                    + " surrogate pair";

    private YamlDocument() {}

    /** The root node, or empty when the text was refused; an empty file reads as an empty value. */
    static Optional<Node> parse(String text, Problems problems) {
        if (text.length() > MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            problems.add(FILE, "it is larger than 64 KiB", "the config file is at most 64 KiB");
            return Optional.empty();
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel("pitapat.yml")
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(true) // reported with their path by the readers
                .setAllowNonScalarKeys(true) // as are keys that are lists or mappings
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(0)
                .setParseComments(false)
                .setCodePointLimit(MAX_BYTES + 1)
                .build();
        try {
            if (!acceptedEvents(new Parse(settings).parseString(text), problems)) {
                return Optional.empty();
            }
            return Optional.of(new Compose(settings)
                    .composeString(text)
                    .orElseGet(() -> new ScalarNode(Tag.NULL, "", ScalarStyle.PLAIN)));
        } catch (MarkedYamlEngineException e) {
            problems.add(FILE, "it is not valid YAML" + where(e.getProblemMark()), SYNTAX_RULE);
            return Optional.empty();
        } catch (ReaderException e) {
            problems.add(
                    FILE,
                    String.format(Locale.ROOT, "it holds a character YAML does not allow (U+%04X)", e.getCodePoint())
                            // a lone high surrogate at the end is reported one past it
                            + where(text, Math.min(e.getPosition(), text.codePointCount(0, text.length()) - 1)),
                    CHARACTER_RULE);
            return Optional.empty();
        } catch (YamlVersionException e) {
            problems.add(
                    FILE,
                    "it declares YAML " + e.getSpecVersion().getRepresentation() + where(text, directive(text)),
                    "the file is YAML 1.2: leave the %YAML directive out");
            return Optional.empty();
        } catch (NumberFormatException e) {
            // the parser's own failure on an escape (backslash, u) with no digits before the end of the file
            problems.add(
                    FILE,
                    "it is not valid YAML" + where(text, text.codePointCount(0, text.length()))
                            + " (an escape is cut short by the end of the file)",
                    SYNTAX_RULE);
            return Optional.empty();
        } catch (RuntimeException e) {
            problems.add(FILE, "it is not valid YAML", SYNTAX_RULE);
            return Optional.empty();
        }
    }

    private static boolean acceptedEvents(Iterable<Event> events, Problems problems) {
        int depth = 0;
        int documents = 0;
        for (Event event : events) {
            if (event instanceof NodeEvent node && node.getAnchor().isPresent()
                    || event.getEventId() == Event.ID.Alias) {
                problems.add(
                        FILE,
                        "it uses an anchor or alias" + where(event.getStartMark()),
                        "anchors and aliases (&name, *name, <<) are not accepted: write each value out");
                return false;
            }
            switch (event.getEventId()) {
                case DocumentStart -> documents++;
                case MappingStart, SequenceStart -> depth++;
                case MappingEnd, SequenceEnd -> depth--;
                default -> {}
            }
            if (documents > 1) {
                problems.add(FILE, "it holds more than one document" + where(event.getStartMark()), SYNTAX_RULE);
                return false;
            }
            if (depth > MAX_DEPTH) {
                problems.add(
                        FILE,
                        "it nests more than " + MAX_DEPTH + " levels deep" + where(event.getStartMark()),
                        SYNTAX_RULE);
                return false;
            }
        }
        return true;
    }

    /** Where the code point at {@code position} is, as {@link #where(Optional)} says it. */
    private static String where(String text, int position) {
        int line = 1;
        int column = 1;
        int offset = 0;
        for (int i = 0; i < position && offset < text.length(); i++) {
            int c = text.codePointAt(offset);
            offset += Character.charCount(c);
            boolean crlf = c == '\r' && offset < text.length() && text.charAt(offset) == '\n';
            if ((c == '\n' || c == '\r') && !crlf) {
                line++;
                column = 1;
            } else if (!crlf) {
                column++;
            }
        }
        return " at line " + line + ", column " + column;
    }

    /** The code point position of the {@code %YAML} directive. */
    private static int directive(String text) {
        int at = text.startsWith("%YAML") ? 0 : Math.max(0, text.indexOf("\n%YAML") + 1);
        return text.codePointCount(0, at);
    }

    private static String where(Optional<Mark> mark) {
        return mark.map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
                .orElse("");
    }
}
