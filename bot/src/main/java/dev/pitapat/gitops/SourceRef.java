package dev.pitapat.gitops;

import dev.pitapat.model.InvalidValueException;
import dev.pitapat.model.Sha;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application commit a deployment came from, {@code <owner>/<repo>@<sha>}, as the
 * {@code Pitapat-Source} trailer carries it.
 *
 * @param repository {@code owner/repo}
 * @param sha the commit of that repository
 */
public record SourceRef(String repository, Sha sha) {

    /** The rule, as replies quote it. */
    public static final String RULE = "a source is <owner>/<repo>@<sha>, e.g. acme/hello@6dcb09b";

    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}");
    private static final Pattern TEXT = Pattern.compile("([^@\\s]+)@([0-9a-f]{7,40})");

    /** Refuses a repository that is not {@code owner/repo} with {@link InvalidValueException}. */
    public SourceRef {
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new InvalidValueException("'" + repository + "' is not <owner>/<repo>", RULE);
        }
    }

    /** Reads {@code owner/repo@sha}; empty when the text is anything else. */
    public static Optional<SourceRef> parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches() || !REPOSITORY.matcher(m.group(1)).matches()) {
            return Optional.empty();
        }
        return Optional.of(new SourceRef(m.group(1), new Sha(m.group(2))));
    }

    /** The sha as a subject line shows it: at most 7 digits. */
    public String shortText() {
        return repository + "@" + sha.abbreviated();
    }

    @Override
    public String toString() {
        return repository + "@" + sha;
    }
}
