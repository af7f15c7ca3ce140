package dev.pitapat.model;

import java.util.Optional;

/**
 * A Git commit id as people write it: 7 to 40 lowercase hexadecimal digits, the full SHA-1 or an
 * abbreviation of it (what GitHub shows and {@code git log --oneline} prints). Upper-case digits are
 * refused rather than folded, so the value is exactly what was checked.
 */
public record Sha(String value) {

    /** Fewest digits accepted; Git's default abbreviation. */
    public static final int MIN_LENGTH = 7;

    /** A full SHA-1 commit id. */
    public static final int MAX_LENGTH = 40;

    /** The rule, as replies quote it. */
    public static final String RULE = "a commit sha is 7 to 40 lowercase hexadecimal digits (0-9 and a-f)";

    /** Refuses anything else with {@link InvalidValueException}. */
    public Sha {
        Optional<String> problem = Labels.hexProblem(value, MIN_LENGTH, MAX_LENGTH);
        if (problem.isPresent()) {
            throw new InvalidValueException(problem.get(), RULE);
        }
    }

    /** Checks text from outside without throwing. */
    public static Checked<Sha> parse(String text) {
        return Labels.hexProblem(text, MIN_LENGTH, MAX_LENGTH)
                .<Checked<Sha>>map(problem -> new Checked.Invalid<>(problem, RULE))
                .orElseGet(() -> new Checked.Valid<>(new Sha(text)));
    }

    /** The first {@value #MIN_LENGTH} digits, as GitHub and {@code git log --oneline} show a commit. */
    public String abbreviated() {
        return value.substring(0, MIN_LENGTH);
    }

    /** Whether this is all 40 digits rather than an abbreviation. */
    public boolean isFull() {
        return value.length() == MAX_LENGTH;
    }

    @Override
    public String toString() {
        return value;
    }
}
