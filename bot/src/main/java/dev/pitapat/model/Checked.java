package dev.pitapat.model;

import java.util.Optional;

/**
 * The outcome of checking text against a value's rule: the value, or what was wrong with the text and the
 * rule it broke. Neither carries the text itself, so both are safe in a log line or a comment.
 *
 * @param <T> the value type
 */
public sealed interface Checked<T> {

    /** The text was valid. */
    record Valid<T>(T value) implements Checked<T> {}

    /**
     * The text was refused.
     *
     * @param problem what was wrong, without quoting the text: {@code it contains U+0455 CYRILLIC SMALL LETTER
     *     DZE}, {@code it is 70 characters long}
     * @param rule the rule, in words a user can follow: {@code environment names are DNS-1123 labels: ...}
     */
    record Invalid<T>(String problem, String rule) implements Checked<T> {}

    /** The value, or empty when the text was refused. */
    default Optional<T> toOptional() {
        return switch (this) {
            case Valid<T> valid -> Optional.of(valid.value());
            case Invalid<T> invalid -> Optional.empty();
        };
    }

    /** The value; for text that is expected to be valid (settings, stored records). */
    default T orElseThrow() {
        return switch (this) {
            case Valid<T> valid -> valid.value();
            case Invalid<T> invalid -> throw new InvalidValueException(invalid.problem(), invalid.rule());
        };
    }
}
