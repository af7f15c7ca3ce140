package dev.pitapat.config;

/** What a pull request must have before it deploys to an environment. */
public enum Requirement {
    /** An approving review ({@code approved}). */
    APPROVED("approved"),
    /** All checks of the head commit green ({@code checks-passed}). */
    CHECKS_PASSED("checks-passed");

    private final String yaml;

    Requirement(String yaml) {
        this.yaml = yaml;
    }

    /** The word in the file. */
    public String yaml() {
        return yaml;
    }
}
