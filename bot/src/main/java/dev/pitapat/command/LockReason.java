package dev.pitapat.command;

import java.util.Locale;
import java.util.Optional;

/**
 * The free text after {@code /lock <env>}. Runs of spaces and tabs become one space and one pair of enclosing
 * quotes ({@code "..."} or {@code “...”}) is removed; any script and emoji are fine, but characters that hide
 * or reorder text are refused rather than dropped, and so is a reason past {@value #MAX_LENGTH} characters.
 */
final class LockReason {

    /** Longest reason, in code points. */
    static final int MAX_LENGTH = 200;

    static final String RULE = "a lock reason is plain text of at most " + MAX_LENGTH
            + " characters, without control, zero-width or bidirectional formatting characters";

    private LockReason() {}

    /** The reason as it will be stored and shown: white space collapsed, enclosing quotes removed. */
    static String normalise(String text) {
        StringBuilder collapsed = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Arguments.isBlank(c)) {
                collapsed.append(c);
            } else if (!collapsed.isEmpty() && collapsed.charAt(collapsed.length() - 1) != ' ') {
                collapsed.append(' ');
            }
        }
        String reason = Arguments.stripBlanks(collapsed.toString());
        boolean quoted = reason.length() >= 2
                && ((reason.startsWith("\"") && reason.endsWith("\""))
                        || (reason.startsWith("“") && reason.endsWith("”")));
        return quoted ? Arguments.stripBlanks(reason.substring(1, reason.length() - 1)) : reason;
    }

    /** What breaks {@link #RULE}, e.g. {@code contains U+202E RIGHT-TO-LEFT OVERRIDE}. */
    static Optional<String> problem(String reason) {
        int length = 0;
        for (int i = 0; i < reason.length(); ) {
            int c = reason.codePointAt(i);
            i += Character.charCount(c);
            length++;
            int type = Character.getType(c);
            if (type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.SURROGATE
                    || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                String name = Optional.ofNullable(Character.getName(c))
                        .map(n -> " " + n)
                        .orElse("");
                return Optional.of("contains " + String.format(Locale.ROOT, "U+%04X", c) + name);
            }
        }
        return length > MAX_LENGTH ? Optional.of("is " + length + " characters long") : Optional.empty();
    }
}
