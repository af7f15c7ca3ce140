package dev.pitapat.model;

/**
 * A setting that stops start-up. The message is one line that names the property and the problem; it
 * never carries the setting's value, which may be a secret.
 */
public final class InvalidSettingException extends RuntimeException {

    private final String property;
    private final String problem;

    public InvalidSettingException(String property, String problem) {
        super(property + ": " + problem, null, false, false);
        this.property = property;
        this.problem = problem;
    }

    public String property() {
        return property;
    }

    public String problem() {
        return problem;
    }
}
