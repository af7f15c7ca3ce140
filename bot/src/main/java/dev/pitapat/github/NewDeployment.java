package dev.pitapat.github;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A GitHub Deployment to create. pitapat always creates it with {@code auto_merge: false} and
 * {@code required_contexts: []}: GitHub's defaults would merge the default branch into the ref or refuse
 * on a failing check, and pitapat has decided to deploy by then.
 */
public record NewDeployment(
        String sha,
        String environment,
        String description,
        boolean transientEnvironment,
        boolean productionEnvironment,
        Map<String, String> payload) {

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    public NewDeployment {
        if (!SHA.matcher(sha).matches()) {
            throw new IllegalArgumentException("a deployment's sha is 40 lower-case hex digits");
        }
        if (environment.isBlank()) {
            throw new IllegalArgumentException("a deployment needs an environment");
        }
        payload = Map.copyOf(payload);
    }
}
