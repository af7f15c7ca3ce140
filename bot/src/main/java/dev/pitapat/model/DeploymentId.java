package dev.pitapat.model;

import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The id pitapat gives one deployment, listed by {@code /history} and accepted by {@code /rollback}:
 * {@code d-} followed by 12 lowercase hexadecimal digits (48 random bits), e.g. {@code d-4f9c2a7b1e03}. The
 * {@code d-} prefix keeps it apart from a commit sha, which is hexadecimal digits only.
 */
public record DeploymentId(String value) {

    /** The prefix of every deployment id. */
    public static final String PREFIX = "d-";

    /** Hexadecimal digits after the prefix. */
    public static final int DIGITS = 12;

    /** The rule, as replies quote it. */
    public static final String RULE =
            "a deployment id is 'd-' followed by 12 lowercase hexadecimal digits, as /history lists it";

    /** Refuses anything else with {@link InvalidValueException}. */
    public DeploymentId {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new InvalidValueException(problem.get(), RULE);
        }
    }

    /** Checks text from outside without throwing. */
    public static Checked<DeploymentId> parse(String text) {
        return problem(text)
                .<Checked<DeploymentId>>map(p -> new Checked.Invalid<>(p, RULE))
                .orElseGet(() -> new Checked.Valid<>(new DeploymentId(text)));
    }

    /** A new id drawn from {@code random} (a {@code SecureRandom} in production, seeded in tests). */
    public static DeploymentId random(RandomGenerator random) {
        long bits = random.nextLong() & 0xFFFF_FFFF_FFFFL;
        return new DeploymentId(PREFIX + String.format(Locale.ROOT, "%012x", bits));
    }

    /**
     * The id of the deployment that {@code parts} (e.g. a webhook delivery id and the command's place in its
     * comment) ask for: the same parts give the same id, so a delivery handled again after a crash finds the
     * commit it made the first time instead of making another.
     */
    public static DeploymentId derived(String... parts) {
        java.security.MessageDigest sha256;
        try {
            sha256 = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        for (String part : parts) {
            sha256.update(part.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        }
        return new DeploymentId(PREFIX + java.util.HexFormat.of().formatHex(sha256.digest(), 0, DIGITS / 2));
    }

    @Override
    public String toString() {
        return value;
    }

    private static Optional<String> problem(String text) {
        if (!text.startsWith(PREFIX)) {
            return Optional.of("it does not start with 'd-'");
        }
        String digits = text.substring(PREFIX.length());
        if (digits.isEmpty()) {
            return Optional.of("it has no digits after 'd-'");
        }
        return Labels.hexProblem(digits, 1, Integer.MAX_VALUE)
                .or(() -> digits.length() == DIGITS
                        ? Optional.empty()
                        : Optional.of("it has " + digits.length() + " digits after 'd-'"));
    }
}
