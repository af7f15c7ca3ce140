package dev.pitapat.config;

import java.util.Optional;

/**
 * Who makes {@code <image>:<sha>}, and so what a deploy waits for before it renders (DESIGN.md section 6, app keys
 * {@code build} and {@code build-check}).
 */
public sealed interface Build {

    /** {@code build: external} without {@code build-check}: the image is taken to exist; the deploy goes on at once. */
    Build AT_ONCE = new External(Optional.empty());

    /** The word in the file. */
    String yaml();

    /**
     * {@code build: external} (the default): an existing CI pushes the image.
     *
     * @param check {@code build-check}: the check run or commit status on the sha whose success means the image
     *     exists; the deploy waits for it. Empty: the deploy goes on at once.
     */
    record External(Optional<String> check) implements Build {
        @Override
        public String yaml() {
            return "external";
        }
    }

    /** {@code build: argo-workflows}: pitapat builds the image with a Workflow from the {@code pitapat-build} template. */
    record ArgoWorkflows() implements Build {
        @Override
        public String yaml() {
            return "argo-workflows";
        }
    }
}
