package dev.pitapat.deploy;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.store.EnvironmentLocks;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Without a configured GitHub App a push deploys nothing and leaves no check run: there is no one to ask. */
class PushWithoutAppTest {

    @Test
    void aPushWhenTheAppIsNotConfiguredCallsNothing() {
        GitHubGateway github = mock(GitHubGateway.class);
        EnvironmentLocks locks = mock(EnvironmentLocks.class);
        DeployPipeline pipeline = mock(DeployPipeline.class);
        GitHubProperties notConfigured = new GitHubProperties(
                URI.create("https://api.github.com"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of());

        new PushDeploys(github, notConfigured, locks, pipeline)
                .handle(new PushEvent(
                        "d1",
                        1,
                        "Codertocat/Hello-World",
                        "master",
                        "refs/heads/master",
                        "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                        false,
                        "Codertocat",
                        false));

        verifyNoInteractions(github, locks, pipeline);
    }
}
