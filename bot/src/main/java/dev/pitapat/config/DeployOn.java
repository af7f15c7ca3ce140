package dev.pitapat.config;

/** What deploys an environment without a command. */
public enum DeployOn {
    /** A push to the default branch ({@code push}). */
    PUSH("push");

    private final String yaml;

    DeployOn(String yaml) {
        this.yaml = yaml;
    }

    /** The word in the file. */
    public String yaml() {
        return yaml;
    }
}
