package dev.pitapat.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.command.RenderedMarkdown;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MarkdownTest {

    static Stream<Arguments> hostileText() {
        return Stream.of(
                Arguments.of("@org/team", "`@org/team`", "@org/team"),
                Arguments.of("@dana please", "`@dana please`", "@dana please"),
                Arguments.of("#123", "`#123`", "#123"),
                Arguments.of("acme/hello#7", "`acme/hello#7`", "acme/hello#7"),
                Arguments.of("[x](https://evil)", "`[x](https://evil)`", "[x](https://evil)"),
                Arguments.of("![](https://evil/p.png)", "`![](https://evil/p.png)`", "![](https://evil/p.png)"),
                Arguments.of("https://evil.example/x", "`https://evil.example/x`", "https://evil.example/x"),
                Arguments.of("www.evil.example", "`www.evil.example`", "www.evil.example"),
                Arguments.of(
                        "<img src=x onerror=alert(1)>",
                        "`<img src=x onerror=alert(1)>`",
                        "<img src=x onerror=alert(1)>"),
                Arguments.of("<script>alert(1)</script>", "`<script>alert(1)</script>`", "<script>alert(1)</script>"),
                Arguments.of("**bold** _it_ ~~del~~", "`**bold** _it_ ~~del~~`", "**bold** _it_ ~~del~~"),
                Arguments.of("a`b", "``a`b``", "a`b"),
                Arguments.of("a``b```c", "````a``b```c````", "a``b```c"),
                Arguments.of("`x`", "`` `x` ``", "`x`"),
                Arguments.of("``", "``` `` ```", "``"),
                Arguments.of("a|b", "`a¦b`", "a¦b"),
                Arguments.of("# heading", "`# heading`", "# heading"),
                Arguments.of("line one\n\n# two\r\n- three", "`line one # two - three`", "line one # two - three"),
                Arguments.of("  padded\t\t", "`padded`", "padded"),
                Arguments.of("a\u200Bb", "`a<U+200B>b`", "a<U+200B>b"),
                Arguments.of("\u202Egnp.exe", "`<U+202E>gnp.exe`", "<U+202E>gnp.exe"),
                Arguments.of("nul\u0000here", "`nul<U+0000>here`", "nul<U+0000>here"),
                Arguments.of("\uFEFFbom", "`<U+FEFF>bom`", "<U+FEFF>bom"),
                Arguments.of("no\u00A0break", "`no<U+00A0>break`", "no<U+00A0>break"),
                Arguments.of("lone \uD800 surrogate", "`lone <U+D800> surrogate`", "lone <U+D800> surrogate"),
                Arguments.of("ѕtaging", "`ѕtaging`", "ѕtaging"),
                Arguments.of("\\`\\", "``\\`\\``", "\\`\\"),
                Arguments.of("", "(empty)", null),
                Arguments.of(" \n\t ", "(empty)", null));
    }

    @ParameterizedTest
    @MethodSource("hostileText")
    void quotesTextAsOneInertCodeSpan(String text, String expected, String shown) {
        String quoted = Markdown.code(text);

        assertThat(quoted).isEqualTo(expected);
        RenderedMarkdown prose = RenderedMarkdown.of("Hello " + quoted + " and bye.");
        prose.assertInert();
        if (shown != null) {
            assertThat(prose.codeSpans()).containsExactly(shown);
        }
        RenderedMarkdown.assertVisible(quoted);
    }

    @ParameterizedTest
    @MethodSource("hostileText")
    void keepsATableRowAtItsWidth(String text, String expected, String shown) {
        String table = "| what | value |\n|---|---|\n| quoted | " + Markdown.code(text) + " |\n";

        RenderedMarkdown rendered = RenderedMarkdown.of(table);

        assertThat(rendered.tableRowWidths()).containsExactly(2, 2);
        rendered.assertInert();
    }

    @Test
    void capsLongTextWithAnEllipsisAfterTheSpan() {
        String quoted = Markdown.code("a".repeat(100_000));

        assertThat(quoted).isEqualTo("`" + "a".repeat(Markdown.MAX_CODE_POINTS) + "`…");
        assertThat(Markdown.code("b".repeat(Markdown.MAX_CODE_POINTS))).doesNotContain("…");
    }

    @Test
    void countsCharactersNotUtf16Units() {
        String emoji = "🚀".repeat(Markdown.MAX_CODE_POINTS);

        assertThat(Markdown.code(emoji)).isEqualTo("`" + emoji + "`");
        assertThat(Markdown.code(emoji + "🚀")).isEqualTo("`" + emoji + "`…");
    }

    @Test
    void staysInertForRandomText() {
        Random random = new Random(20_261_125L);
        String alphabet = "`|@#[]()!<>*_~\\/:.- \n\r\tax9\u200B\u202E\u0000ѕ";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String quoted = Markdown.code(text.toString());
            RenderedMarkdown prose = RenderedMarkdown.of("Quoted: " + quoted + " end");
            prose.assertInert();
            RenderedMarkdown.assertVisible(quoted);
            if (!quoted.equals("(empty)")) {
                assertThat(prose.codeSpans()).as("%s", quoted).hasSize(1);
            }
            assertThat(RenderedMarkdown.of("| a | b |\n|---|---|\n| x | " + quoted + " |\n")
                            .tableRowWidths())
                    .as("%s", quoted)
                    .containsExactly(2, 2);
        }
    }
}
