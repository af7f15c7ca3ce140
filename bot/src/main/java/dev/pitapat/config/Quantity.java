package dev.pitapat.config;

import dev.pitapat.model.Checked;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes resource quantity such as {@code 250m}, {@code 2}, {@code 0.5} or {@code 512Mi}, kept as
 * written (manifests carry the text) and compared by amount: {@code 500m} is less than {@code 2}, {@code 512Mi}
 * less than {@code 4Gi}. Accepted: a positive decimal number with an optional suffix ({@code m}, {@code k},
 * {@code M}, {@code G}, {@code T}, {@code P}, {@code E}, {@code Ki} … {@code Ei}); no sign, no exponent.
 */
public record Quantity(String text) implements Comparable<Quantity> {

    /** The rule, as replies quote it. */
    public static final String RULE =
            "a Kubernetes quantity: a positive number with an optional suffix," + " such as 250m, 2, 0.5, 512Mi or 4Gi";

    private static final int MAX_LENGTH = 24;

    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("m", new BigDecimal("0.001")),
            Map.entry("k", BigDecimal.TEN.pow(3)),
            Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)),
            Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("P", BigDecimal.TEN.pow(15)),
            Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.TWO.pow(10)),
            Map.entry("Mi", BigDecimal.TWO.pow(20)),
            Map.entry("Gi", BigDecimal.TWO.pow(30)),
            Map.entry("Ti", BigDecimal.TWO.pow(40)),
            Map.entry("Pi", BigDecimal.TWO.pow(50)),
            Map.entry("Ei", BigDecimal.TWO.pow(60)));

    /** Refuses anything that {@link #parse} refuses. */
    public Quantity {
        if (problemOf(text).isPresent()) {
            throw new IllegalArgumentException("not a Kubernetes quantity; " + RULE);
        }
    }

    /** Checks text from the config file without throwing. */
    public static Checked<Quantity> parse(String text) {
        return problemOf(text)
                .<Checked<Quantity>>map(problem -> new Checked.Invalid<>(problem, RULE))
                .orElseGet(() -> new Checked.Valid<>(new Quantity(text)));
    }

    /** The amount in base units: cores for CPU, bytes for memory. */
    public BigDecimal amount() {
        int split = numberLength(text);
        return new BigDecimal(text.substring(0, split)).multiply(SUFFIXES.get(text.substring(split)));
    }

    /** Whether this is a thousandth-unit amount ({@code m}), which for memory means millibytes. */
    public boolean isMilli() {
        return text.endsWith("m");
    }

    @Override
    public int compareTo(Quantity other) {
        return amount().compareTo(other.amount());
    }

    @Override
    public String toString() {
        return text;
    }

    private static Optional<String> problemOf(String text) {
        if (text.isEmpty()) {
            return Optional.of("it is empty");
        }
        if (text.length() > MAX_LENGTH) {
            return Optional.of("it is " + text.length() + " characters long");
        }
        int split = numberLength(text);
        String number = text.substring(0, split);
        if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
            return Optional.of("it does not start with a number");
        }
        if (!SUFFIXES.containsKey(text.substring(split))) {
            return Optional.of("its suffix is not one of m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei");
        }
        if (new BigDecimal(number).signum() == 0) {
            return Optional.of("it is zero");
        }
        return Optional.empty();
    }

    private static int numberLength(String text) {
        int i = 0;
        while (i < text.length() && ((text.charAt(i) >= '0' && text.charAt(i) <= '9') || text.charAt(i) == '.')) {
            i++;
        }
        return i;
    }
}
