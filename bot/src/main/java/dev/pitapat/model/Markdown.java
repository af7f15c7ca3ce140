package dev.pitapat.model;

import java.util.Locale;

/**
 * Quotes text that someone else wrote (a comment, a branch name, a lock reason) inside Markdown that pitapat
 * posts, so that it shows as the characters it is and does nothing else.
 *
 * <p>The text becomes one inline code span. GitHub renders nothing inside a code span: no mention
 * ({@code @org/team}), no issue reference ({@code #123}), no link, image, autolink, HTML, emphasis or
 * heading. On top of that:
 *
 * <ul>
 *   <li>the fence is one backtick longer than the longest run of backticks in the text, and padded with a
 *       space when the text starts or ends with a backtick, so no backtick can close it early;
 *   <li>line breaks, tabs and runs of ASCII white space become one space, so the quote stays on its line;
 *   <li>characters that show as nothing or change what is around them (control and format characters such
 *       as NUL, zero-width spaces and joiners, bidirectional controls, the byte-order mark, variation
 *       selectors, other space characters) are shown as {@code <U+200B>};
 *   <li>{@code |} is shown as {@code ¦} (U+00A6), so the quote cannot split a table cell even where a
 *       table reads pipes inside code spans;
 *   <li>at most {@value #MAX_CODE_POINTS} characters are quoted; longer text ends in {@code …} after the
 *       span.
 * </ul>
 *
 * Use the result inside a sentence or a table cell, not at the start of a line.
 */
public final class Markdown {

    /** Longest quote, in code points. */
    public static final int MAX_CODE_POINTS = 80;

    private Markdown() {}

    /** {@code text} as one inline code span, e.g. {@code @org/team} becomes {@code `@org/team`}. */
    public static String code(String text) {
        return code(text, MAX_CODE_POINTS);
    }

    /** The same, quoting at most {@code maxCodePoints} characters. */
    public static String code(String text, int maxCodePoints) {
        StringBuilder shown = new StringBuilder(Math.min(text.length(), maxCodePoints) + 8);
        int quoted = 0;
        boolean space = false;
        boolean truncated = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B) {
                space = shown.length() > 0;
                continue;
            }
            if (quoted >= maxCodePoints) {
                truncated = true;
                break;
            }
            if (space) {
                shown.append(' ');
                space = false;
            }
            if (c == '|') {
                shown.append('\u00A6');
            } else if (isInvisible(c)) {
                shown.append(String.format(Locale.ROOT, "<U+%04X>", c));
            } else {
                shown.appendCodePoint(c);
            }
            quoted++;
        }
        if (shown.isEmpty()) {
            return "(empty)";
        }
        String fence = "`".repeat(longestBacktickRun(shown) + 1);
        String pad = shown.charAt(0) == '`' || shown.charAt(shown.length() - 1) == '`' ? " " : "";
        return fence + pad + shown + pad + fence + (truncated ? "…" : "");
    }

    /**
     * Characters that render as nothing, as a space other than the ASCII one, or that reorder or join their
     * neighbours.
     */
    public static boolean isInvisible(int c) {
        if (c == ' ') {
            return false;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> true;
            default ->
                (c >= 0xFE00 && c <= 0xFE0F) // variation selectors
                        || (c >= 0xE0100 && c <= 0xE01EF)
                        || c == 0x034F // combining grapheme joiner
                        || c == 0x115F
                        || c == 0x1160
                        || c == 0x3164
                        || c == 0xFFA0 // Hangul fillers
                        || c == 0x2800; // braille blank
        };
    }

    private static int longestBacktickRun(CharSequence text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
