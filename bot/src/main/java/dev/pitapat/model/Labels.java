package dev.pitapat.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Character checks shared by the value types. Plain loops over ASCII ranges: no regular expression, no
 * locale, nothing that lets a look-alike ({@code ѕ}, {@code K}) pass for a letter.
 */
public final class Labels {

    /** Longest DNS-1123 label: an app, an environment, {@code <app>-<env>}, a Kubernetes object name. */
    public static final int MAX_LABEL = 63;

    private Labels() {}

    /** What keeps {@code text} from being a DNS-1123 label of at most {@code maxLength} characters. */
    static Optional<String> labelProblem(String text, int maxLength) {
        if (text.isEmpty()) {
            return Optional.of("it is empty");
        }
        Optional<String> bad = firstOutside(text, Labels::isLabelChar);
        if (bad.isPresent()) {
            return bad;
        }
        if (text.length() > maxLength) {
            return Optional.of("it is " + text.length() + " characters long");
        }
        if (text.charAt(0) == '-') {
            return Optional.of("it starts with '-'");
        }
        if (text.charAt(text.length() - 1) == '-') {
            return Optional.of("it ends with '-'");
        }
        return Optional.empty();
    }

    /** What keeps {@code text} from being {@code min} to {@code max} lowercase hexadecimal digits. */
    static Optional<String> hexProblem(String text, int min, int max) {
        if (text.isEmpty()) {
            return Optional.of("it is empty");
        }
        Optional<String> bad = firstOutside(text, Labels::isHexDigit);
        if (bad.isPresent()) {
            return bad;
        }
        if (text.length() < min || text.length() > max) {
            return Optional.of("it is " + text.length() + " characters long");
        }
        return Optional.empty();
    }

    static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    static boolean isLabelChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }

    /**
     * Names a character without printing anything a reader could mistake or a renderer could act on: ASCII
     * letters and digits in quotes, everything else by code point and Unicode name.
     */
    static String describe(int codePoint) {
        if ((codePoint >= 'a' && codePoint <= 'z')
                || (codePoint >= 'A' && codePoint <= 'Z')
                || (codePoint >= '0' && codePoint <= '9')) {
            return "'" + (char) codePoint + "'";
        }
        String name = Character.getName(codePoint);
        String hex = String.format(Locale.ROOT, "U+%04X", codePoint);
        return name == null ? hex : hex + " " + name;
    }

    private static Optional<String> firstOutside(String text, java.util.function.IntPredicate allowed) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int next = i + Character.charCount(c);
            if (!allowed.test(c)) {
                String what = (c >= 'A' && c <= 'Z') ? "the upper-case letter " + describe(c) : describe(c);
                return Optional.of((next == text.length() ? "it ends with " : "it contains ") + what);
            }
            i = next;
        }
        return Optional.empty();
    }
}
