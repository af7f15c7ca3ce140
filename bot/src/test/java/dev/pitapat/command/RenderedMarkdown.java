package dev.pitapat.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.model.Markdown;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/**
 * pitapat's Markdown as a GitHub-flavoured renderer reads it (CommonMark with tables and autolinks), and the
 * checks that quoted input did nothing: no link, image, HTML, heading, mention or issue reference outside a
 * code span, no invisible characters.
 */
public final class RenderedMarkdown {

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(TablesExtension.create(), AutolinkExtension.create()))
            .build();

    /** What GitHub turns into a mention or an issue reference in plain text. */
    private static final Pattern REFERENCE = Pattern.compile("@[A-Za-z0-9]|#[0-9]");

    final Node document;

    private RenderedMarkdown(String markdown) {
        this.document = PARSER.parse(markdown);
    }

    public static RenderedMarkdown of(String markdown) {
        return new RenderedMarkdown(markdown);
    }

    /** The text of every code span, in order. */
    public List<String> codeSpans() {
        List<String> spans = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Code code) {
                spans.add(code.getLiteral());
            }
        });
        return spans;
    }

    /** The number of cells of each table row, header included. */
    public List<Integer> tableRowWidths() {
        List<Integer> widths = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(CustomNode node) {
                if (node instanceof TableRow) {
                    int cells = 0;
                    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
                        cells += child instanceof TableCell ? 1 : 0;
                    }
                    widths.add(cells);
                }
                visitChildren(node);
            }
        });
        return widths;
    }

    /** Fails if anything in the document is active: see the class comment. */
    public void assertInert() {
        List<String> active = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                active.add("link to " + link.getDestination());
            }

            @Override
            public void visit(Image image) {
                active.add("image " + image.getDestination());
            }

            @Override
            public void visit(HtmlInline html) {
                active.add("inline HTML " + html.getLiteral());
            }

            @Override
            public void visit(HtmlBlock html) {
                active.add("HTML block " + html.getLiteral());
            }

            @Override
            public void visit(Heading heading) {
                active.add("heading");
            }

            @Override
            public void visit(Text text) {
                if (REFERENCE.matcher(text.getLiteral()).find()) {
                    active.add("mention or reference in " + text.getLiteral());
                }
            }
        });
        assertThat(active).as("active Markdown").isEmpty();
    }

    /** Fails if {@code markdown} holds a control, format or other invisible character (line feeds aside). */
    public static void assertVisible(String markdown) {
        markdown.codePoints()
                .filter(c -> c != '\n')
                .forEach(c -> assertThat(Markdown.isInvisible(c))
                        .as("U+%04X in %s", c, markdown)
                        .isFalse());
    }
}
