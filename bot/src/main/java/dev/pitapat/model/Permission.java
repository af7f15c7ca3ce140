package dev.pitapat.model;

import java.util.Locale;
import java.util.Optional;

/**
 * A person's role on a repository, weakest first, as GitHub's {@code role_name} reports it, and as an
 * environment's {@code required-permission} names it (the file accepts {@code write}, {@code maintain} and
 * {@code admin}).
 */
public enum Permission {
    NONE,
    READ,
    TRIAGE,
    WRITE,
    MAINTAIN,
    ADMIN;

    /** Whether this role grants at least what {@code required} grants. */
    public boolean atLeast(Permission required) {
        return compareTo(required) >= 0;
    }

    /** The name GitHub uses: {@code read}, {@code maintain}, ... */
    public String roleName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role for GitHub's {@code role_name}, or for the legacy {@code permission} field, which names only
     * {@code admin}, {@code write}, {@code read} and {@code none}. Unknown names (custom roles) are empty.
     */
    public static Optional<Permission> ofRoleName(String roleName) {
        for (Permission permission : values()) {
            if (permission.roleName().equals(roleName)) {
                return Optional.of(permission);
            }
        }
        return Optional.empty();
    }
}
