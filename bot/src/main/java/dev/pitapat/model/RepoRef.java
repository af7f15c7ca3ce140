package dev.pitapat.model;

import java.util.regex.Pattern;

/**
 * A repository on GitHub, {@code owner/name}. Both parts are checked against GitHub's naming rules, so a
 * {@code RepoRef} is safe to put in an API path. Invalid input is refused without being echoed.
 */
public record RepoRef(String owner, String name) {

    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    public RepoRef {
        if (!OWNER.matcher(owner).matches()) {
            throw new IllegalArgumentException("not a GitHub owner name (letters, digits and '-', at most 39)");
        }
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(
                    "not a GitHub repository name (letters, digits, '.', '_' and '-', at most 100)");
        }
    }

    /** Parses {@code owner/name}, as in a payload's {@code full_name}. */
    public static RepoRef parse(String fullName) {
        int slash = fullName.indexOf('/');
        if (slash < 0 || fullName.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("not an owner/name repository reference");
        }
        return new RepoRef(fullName.substring(0, slash), fullName.substring(slash + 1));
    }

    public String fullName() {
        return owner + "/" + name;
    }

    @Override
    public String toString() {
        return fullName();
    }
}
