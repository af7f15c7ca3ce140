package dev.pitapat.onboard;

import dev.pitapat.config.ConfigProblem;
import dev.pitapat.config.ConfigResult;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.model.AppName;
import dev.pitapat.model.RepoRef;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code .github/pitapat.yml} proposed to a repository: every key it sets or shows commented with what it does,
 * the keys left at their defaults commented out with the default, and {@code staging} deployed on push. It holds no
 * text of the repository's files, only the app name made from its name, a port number and a fixed path, and it
 * passes pitapat's own validation ({@link RepoConfigs}) before anyone sees it.
 */
final class ProposedConfig {

    static final int DEFAULT_PORT = 8080;

    private ProposedConfig() {}

    /** The file's text for the repository, from what was found in it. */
    static String yaml(RepoRef repo, AppName app, Detected detected) {
        String image = ("ghcr.io/" + repo.owner() + "/" + repo.name()).toLowerCase(Locale.ROOT);
        StringBuilder yaml = new StringBuilder();
        yaml.append("""
                # How pitapat deploys this repository to Kubernetes. The policy keys (app, image, previews,
                # environments) are read from the default branch only; the app keys (build, port, health-path,
                # replicas) at the commit being deployed. A key commented out shows its default.

                # The app's name: it names the Kubernetes objects, the default host <app>-<env>.<base domain> and
                # the folder apps/<app>/<env>/ in the GitOps repository. Lower-case letters, digits and '-'.
                app: %s

                # The image each deploy runs, without a tag: the tag is always the deployed commit's sha.
                # image: %s

                # Who makes <image>:<sha>: external (your CI pushes it, and pitapat deploys at once) or
                # argo-workflows (pitapat builds it in the cluster).
                # build: external

                """.formatted(app.value(), image));
        if (detected.port().isPresent()) {
            yaml.append("""
                    # The port the container listens on, as the Dockerfile's EXPOSE says.
                    port: %d
                    """.formatted(detected.port().getAsInt()));
        } else {
            yaml.append("""
                    # The port the container listens on (no EXPOSE was found in a Dockerfile).
                    # port: %d
                    """.formatted(DEFAULT_PORT));
        }
        yaml.append('\n');
        Optional<String> actuator = detected.actuatorIn();
        if (actuator.isPresent()) {
            yaml.append("""
                    # The path Kubernetes asks whether the app is ready and alive; a 2xx or 3xx answer is healthy.
                    # Spring Boot Actuator answers it: %s adds it.
                    health-path: %s
                    """.formatted(actuator.get(), Detected.ACTUATOR_HEALTH));
        } else {
            yaml.append("""
                    # The path Kubernetes asks whether the app is ready and alive; a 2xx or 3xx answer is healthy.
                    # health-path: /
                    """);
        }
        yaml.append("""

                # How many pods run in each environment.
                # replicas: 1

                # /deploy on a pull request without an environment deploys a preview of it, pr-<number>,
                # removed when the pull request closes.
                # previews: true

                # The environments, each deployed with /deploy <env> in a pull request.
                environments:
                  staging:
                    # Every push to the default branch deploys staging by itself.
                    deploy-on: push
                  # production:
                  #   promotion: manual              # blue-green: traffic switches when someone comments /promote
                  #   required-permission: maintain  # who may deploy here
                """);
        return yaml.toString();
    }

    /** The config the text reads as, by pitapat's own rules; a proposal they refuse is a bug. */
    static RepoConfig checked(RepoRef repo, String yaml) {
        return switch (RepoConfigs.resolve(repo.owner(), repo.name(), Optional.of(yaml))) {
            case ConfigResult.Valid valid -> valid.config();
            case ConfigResult.Invalid invalid ->
                throw new IllegalStateException("the proposed " + RepoConfigs.PATH + " is not valid: "
                        + invalid.problems().stream()
                                .map(ConfigProblem::asMarkdown)
                                .collect(Collectors.joining("; ")));
        };
    }
}
