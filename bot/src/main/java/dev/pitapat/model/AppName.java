package dev.pitapat.model;

import java.util.Optional;

/**
 * An application name such as {@code hello} or {@code billing-api}: a DNS-1123 label, so it
 * is safe in a path of the GitOps repository, a Kubernetes name and a host name.
 */
public record AppName(String value) {

    /** The rule, as replies quote it. */
    public static final String RULE = "app names are DNS-1123 labels: lowercase letters, digits and '-',"
            + " starting and ending with a letter or digit, at most 63 characters";

    /** Refuses anything that is not a DNS-1123 label with {@link InvalidValueException}. */
    public AppName {
        Optional<String> problem = Labels.labelProblem(value, Labels.MAX_LABEL);
        if (problem.isPresent()) {
            throw new InvalidValueException(problem.get(), RULE);
        }
    }

    /** Checks text from outside (a comment, a config file) without throwing. */
    public static Checked<AppName> parse(String text) {
        return Labels.labelProblem(text, Labels.MAX_LABEL)
                .<Checked<AppName>>map(problem -> new Checked.Invalid<>(problem, RULE))
                .orElseGet(() -> new Checked.Valid<>(new AppName(text)));
    }

    @Override
    public String toString() {
        return value;
    }
}
