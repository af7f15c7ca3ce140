package dev.pitapat.model;

/**
 * Text given as a value that breaks the value's rule. The message names the problem and quotes the rule; it
 * never carries the text, which may come from anyone.
 */
public final class InvalidValueException extends IllegalArgumentException {

    private final String problem;
    private final String rule;

    public InvalidValueException(String problem, String rule) {
        super(problem + "; " + rule);
        this.problem = problem;
        this.rule = rule;
    }

    /** What was wrong, e.g. {@code it contains U+002E FULL STOP}. */
    public String problem() {
        return problem;
    }

    /** The rule, e.g. {@code environment names are DNS-1123 labels: ...}. */
    public String rule() {
        return rule;
    }
}
