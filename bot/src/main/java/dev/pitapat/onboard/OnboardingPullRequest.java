package dev.pitapat.onboard;

import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.github.NewPullRequest;
import dev.pitapat.model.Markdown;

/**
 * The words of the onboarding pull request: its branch, the commit that adds the file, its title and its body, which
 * says what pitapat is, what the file does, what was found, and how to try it. Only the proposed config's own values
 * (a valid app name, a port, a fixed path) and fixed file names appear in it.
 */
final class OnboardingPullRequest {

    /** The branch the pull request comes from. */
    static final String BRANCH = "pitapat/onboarding";

    /** Hidden in the body, so that people and tools can tell the pull request. */
    static final String MARKER = "<!-- pitapat:onboarding -->";

    static final String TITLE = "Deploy with pitapat: add " + RepoConfigs.PATH;

    static final String COMMIT_MESSAGE = "Add " + RepoConfigs.PATH + ": how pitapat deploys this repository";

    private OnboardingPullRequest() {}

    static NewPullRequest to(String base, RepoConfig config, Detected detected) {
        return new NewPullRequest(TITLE, BRANCH, base, body(base, config, detected));
    }

    static String body(String base, RepoConfig config, Detected detected) {
        String port = detected.port().isPresent()
                ? "port `" + config.port() + "`, from the `EXPOSE` in the `Dockerfile`"
                : "port `" + config.port() + "`, the default: no `EXPOSE` was found in a `Dockerfile`";
        String health = detected.actuatorIn()
                .map(file -> "health path `" + config.healthPath() + "`: Spring Boot Actuator, which `" + file
                        + "` adds, answers it")
                .orElse("health path `/`, the default: set `health-path` if the app answers health elsewhere");
        return MARKER + "\n"
                + """
                **pitapat** deploys this repository to Kubernetes from its pull requests. Comment `/deploy staging` on \
                a pull request, and pitapat renders the Kubernetes manifests, commits them to the GitOps repository \
                that Argo CD syncs into the cluster, and reports the rollout back here, in a check run and one comment \
                per environment.

                This pull request adds `%s`, the file that tells pitapat how to deploy this repository. It was \
                proposed from what pitapat found here:

                - app `%s`, from the repository's name
                - %s
                - %s
                - one environment, `staging`, deployed by every push to %s

                Every key in the file is commented with what it does; change any of them before merging.

                **To try it:** merge this pull request, then comment `/deploy staging` on a pull request (or `/help` \
                to see every command). Merging is itself a push to %s, so it deploys `staging` at once. Each deploy \
                runs the image `%s:<commit sha>`, which your CI pushes (or set `build: argo-workflows` to have pitapat \
                build it).

                **Not now?** Close this pull request: pitapat will not open it again.
                """.formatted(
                                RepoConfigs.PATH,
                                config.app().value(),
                                port,
                                health,
                                Markdown.code(base),
                                Markdown.code(base),
                                config.image());
    }
}
