package dev.pitapat.config;

import java.util.List;

/** The outcome of reading a repository's config: the config, or every problem found in it. */
public sealed interface ConfigResult {

    /** The files were valid; this is the config to deploy with. */
    record Valid(RepoConfig config) implements ConfigResult {}

    /** The files were refused; every problem found, in the order of the file, never empty. */
    record Invalid(List<ConfigProblem> problems) implements ConfigResult {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid config has at least one problem");
            }
        }
    }
}
