package dev.pitapat.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the lines of a comment that could hold a command: lines that, as GitHub renders the comment, are
 * ordinary text starting with {@code /}. One pass, no regular expressions, linear in the text read.
 *
 * <ul>
 *   <li>Only the first {@value #MAX_BODY} characters are read (GitHub's longest comment body).
 *   <li>Lines end at LF, CRLF or a lone CR; numbers count from 1.
 *   <li>Up to three leading spaces are allowed; a line indented further (four columns, or a tab) is
 *       indented code or a continuation, and is skipped.
 *   <li>Fenced code blocks ({@code ```} or {@code ~~~}, three or more, closed by a fence of the same
 *       character at least as long, or open to the end of the comment) are skipped.
 *   <li>Quote lines ({@code >}, nested or not) are skipped, and so are the lines that continue a quoted
 *       paragraph without a blank line in between, which GitHub renders inside the quote.
 *   <li>HTML comment blocks, from a line starting with {@code <!--} to the line holding {@code -->}, are
 *       skipped: they do not show, so they cannot hold a command.
 * </ul>
 */
final class CommentLines {

    /** GitHub's maximum comment body, in characters. */
    static final int MAX_BODY = 65_536;

    /** A line that starts with {@code /}, without its leading spaces. */
    record Line(int number, String text) {}

    private char fence;
    private int fenceLength;
    private boolean inHtmlComment;
    private boolean quotedParagraph;

    private CommentLines() {}

    /** The candidate lines of {@code body}, in order. */
    static List<Line> candidates(String body) {
        int end = Math.min(body.length(), MAX_BODY);
        if (end < body.length() && Character.isHighSurrogate(body.charAt(end - 1))) {
            end--;
        }
        CommentLines reader = new CommentLines();
        List<Line> lines = new ArrayList<>();
        int number = 1;
        int start = 0;
        while (start <= end) {
            int stop = start;
            while (stop < end && body.charAt(stop) != '\n' && body.charAt(stop) != '\r') {
                stop++;
            }
            String line = body.substring(start, stop);
            if (reader.isCandidate(line)) {
                lines.add(new Line(number, line.substring(indentChars(line))));
            }
            if (stop == end) {
                break;
            }
            start = stop + (body.charAt(stop) == '\r' && stop + 1 < end && body.charAt(stop + 1) == '\n' ? 2 : 1);
            number++;
        }
        return lines;
    }

    private boolean isCandidate(String line) {
        int columns = indentColumns(line);
        String text = line.substring(indentChars(line));
        if (fence != 0) {
            if (columns <= 3 && closesFence(text)) {
                fence = 0;
            }
            return false;
        }
        if (inHtmlComment) {
            inHtmlComment = !line.contains("-->");
            return false;
        }
        if (text.isEmpty()) {
            quotedParagraph = false;
            return false;
        }
        if (columns <= 3 && opensFence(text)) {
            quotedParagraph = false;
            return false;
        }
        if (columns <= 3 && text.startsWith(">")) {
            quotedParagraph = hasQuoteContent(text);
            return false;
        }
        if (columns <= 3 && text.startsWith("<!--")) {
            quotedParagraph = false;
            inHtmlComment = !text.contains("-->");
            return false;
        }
        if (quotedParagraph || columns > 3) {
            return false;
        }
        return text.startsWith("/");
    }

    private boolean opensFence(String text) {
        char c = text.charAt(0);
        if (c != '`' && c != '~') {
            return false;
        }
        int run = run(text, c);
        if (run < 3 || (c == '`' && text.indexOf('`', run) >= 0)) {
            return false;
        }
        fence = c;
        fenceLength = run;
        return true;
    }

    private boolean closesFence(String text) {
        if (text.isEmpty() || text.charAt(0) != fence) {
            return false;
        }
        int run = run(text, fence);
        return run >= fenceLength && Arguments.stripBlanks(text.substring(run)).isEmpty();
    }

    /** Whether a quote line holds more than its {@code >} markers and white space. */
    private static boolean hasQuoteContent(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '>' && !Arguments.isBlank(c)) {
                return true;
            }
        }
        return false;
    }

    private static int run(String text, char c) {
        int run = 0;
        while (run < text.length() && text.charAt(run) == c) {
            run++;
        }
        return run;
    }

    private static int indentChars(String line) {
        int i = 0;
        while (i < line.length() && Arguments.isBlank(line.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Leading white space in columns, tabs stopping at multiples of four as in CommonMark. */
    private static int indentColumns(String line) {
        int columns = 0;
        for (int i = 0; i < line.length() && Arguments.isBlank(line.charAt(i)); i++) {
            columns = line.charAt(i) == '\t' ? columns + 4 - columns % 4 : columns + 1;
        }
        return columns;
    }
}
