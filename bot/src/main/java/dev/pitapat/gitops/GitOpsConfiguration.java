package dev.pitapat.gitops;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the {@link GitOpsWriter} from {@code pitapat.gitops.*}; its clone is made on first use. Credentials
 * for the repository: {@code pitapat.gitops.token} (or the user-info of the URL) when set, else a
 * {@link GitCredentials} bean when the application has one (the GitHub App's installation token), else none.
 */
@Configuration(proxyBeanMethods = false)
class GitOpsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GitOpsConfiguration.class);

    @Bean
    GitRemote gitOpsRemote(GitOpsProperties properties, ObjectProvider<GitCredentials> provided) {
        GitRemote remote = GitRemote.of(properties, provided.getIfAvailable(GitCredentials::anonymous));
        if (properties.local()) {
            log.info(
                    "GitOps repository {} (branch {}), working clone {}",
                    properties.repo(),
                    properties.branch(),
                    properties.workdir());
        } else {
            log.info(
                    "GitOps repository {} (branch {}; credentials: {}), working clone {}",
                    remote.shown(),
                    properties.branch(),
                    remote.credentialsSource(),
                    properties.workdir());
        }
        return remote;
    }

    /** Takes the {@link GitOpsRepository} so a local bare repository exists before the first clone. */
    @Bean(destroyMethod = "close")
    GitOpsWriter gitOpsWriter(GitOpsProperties properties, GitRemote remote, GitOpsRepository repository, Clock clock) {
        return GitOpsWriter.of(properties, remote, clock);
    }
}
