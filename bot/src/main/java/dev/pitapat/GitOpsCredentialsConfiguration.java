package dev.pitapat;

import dev.pitapat.github.InstallationTokens;
import dev.pitapat.gitops.GitCredentials;
import dev.pitapat.gitops.GitOpsProperties;
import dev.pitapat.model.RepoRef;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lends the GitHub App's installation token to the GitOps repository: gitops and github do not know each
 * other, so the application wires them here. Used only when {@code pitapat.gitops.token} is not set (the
 * gitops package prefers a configured token), the App is configured, and the repository's URL is on the App's
 * GitHub; otherwise the repository is reached without credentials.
 */
@Configuration(proxyBeanMethods = false)
class GitOpsCredentialsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GitOpsCredentialsConfiguration.class);

    @Bean
    GitCredentials gitOpsAppCredentials(GitOpsProperties gitops, ObjectProvider<InstallationTokens> app) {
        InstallationTokens tokens = app.getIfAvailable();
        if (tokens == null || gitops.local() || gitops.token().isPresent()) {
            return GitCredentials.anonymous();
        }
        Optional<RepoRef> repo = tokens.repositoryAt(gitops.repo());
        if (repo.isEmpty()) {
            log.info(
                    "The GitOps repository {} is not an https:// repository on the GitHub App's GitHub"
                            + " (pitapat.github.api-url); the App's token is not sent there",
                    gitops.shownRepo());
            return GitCredentials.anonymous();
        }
        return new AppCredentials(tokens, repo.get());
    }

    /** The App's installation token for one repository, as the password of {@code x-access-token}. */
    record AppCredentials(InstallationTokens tokens, RepoRef repo) implements GitCredentials {

        @Override
        public Optional<Login> login() {
            return Optional.of(new Login(TOKEN_USER, tokens.tokenFor(repo)));
        }

        @Override
        public void refused(Login login) {
            tokens.refused(repo, login.password());
        }

        @Override
        public String source() {
            return "the GitHub App's installation token for " + repo;
        }

        @Override
        public String remedy() {
            return "check the GitHub App's installation on " + repo + ": the App must be installed on that"
                    + " repository with the Contents permission set to read and write; or set pitapat.gitops.token";
        }
    }
}
