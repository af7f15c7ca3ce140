package dev.pitapat.config;

/** How a blue-green rollout switches traffic to the new version. */
public enum Promotion {
    /** As soon as the new version is healthy ({@code auto}, the default). */
    AUTO("auto"),
    /** When someone comments {@code /promote} ({@code manual}). */
    MANUAL("manual");

    private final String yaml;

    Promotion(String yaml) {
        this.yaml = yaml;
    }

    /** The word in the file. */
    public String yaml() {
        return yaml;
    }
}
