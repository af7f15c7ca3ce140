package dev.pitapat.gitops;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Creates the {@link GitOpsWriter} from {@code pitapat.gitops.*}; its clone is made on first use. */
@Configuration(proxyBeanMethods = false)
class GitOpsConfiguration {

    /** Takes the {@link GitOpsRepository} so a local bare repository exists before the first clone. */
    @Bean(destroyMethod = "close")
    GitOpsWriter gitOpsWriter(GitOpsProperties properties, GitOpsRepository repository, Clock clock) {
        return GitOpsWriter.of(properties, clock);
    }
}
