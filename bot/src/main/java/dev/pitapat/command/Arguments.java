package dev.pitapat.command;

import java.util.ArrayList;
import java.util.List;

/**
 * The words after a command word, split on ASCII spaces and tabs only (any other space character stays part
 * of its word, where the name checks refuse it).
 *
 * @param word the command word as the table spells it
 * @param tokens the words, in order
 * @param rest everything after the command word and the white space that follows it, for free text
 */
record Arguments(String word, List<String> tokens, String rest) {

    Arguments {
        tokens = List.copyOf(tokens);
    }

    /** Splits {@code text}, the part of a line after its command word. */
    static Arguments of(String word, String text) {
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean blank = i == text.length() || isBlank(text.charAt(i));
            if (blank && start >= 0) {
                tokens.add(text.substring(start, i));
                start = -1;
            } else if (!blank && start < 0) {
                start = i;
            }
        }
        return new Arguments(word, tokens, stripBlanks(text));
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** {@code text} without leading and trailing ASCII spaces and tabs. */
    static String stripBlanks(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isBlank(text.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }
}
