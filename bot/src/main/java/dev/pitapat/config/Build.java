package dev.pitapat.config;

/** Who builds {@code <image>:<sha>}. */
public enum Build {
    /** pitapat starts an Argo Workflows build ({@code argo-workflows}, the default). */
    ARGO_WORKFLOWS("argo-workflows"),
    /** An existing CI pushes the image; pitapat waits for it ({@code external}). */
    EXTERNAL("external");

    private final String yaml;

    Build(String yaml) {
        this.yaml = yaml;
    }

    /** The word in the file. */
    public String yaml() {
        return yaml;
    }
}
