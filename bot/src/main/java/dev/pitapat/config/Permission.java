package dev.pitapat.config;

/**
 * A GitHub repository role, weakest first, as an environment's {@code required-permission} names it. The file
 * accepts only {@code write}, {@code maintain} and {@code admin}: every command needs {@code write} already.
 */
public enum Permission {
    READ("read"),
    TRIAGE("triage"),
    WRITE("write"),
    MAINTAIN("maintain"),
    ADMIN("admin");

    private final String yaml;

    Permission(String yaml) {
        this.yaml = yaml;
    }

    /** The word in the file and in GitHub's {@code role_name}. */
    public String yaml() {
        return yaml;
    }

    /** Whether someone holding this role holds {@code other} too. */
    public boolean includes(Permission other) {
        return compareTo(other) >= 0;
    }
}
