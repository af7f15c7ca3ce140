package dev.pitapat.deploy;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.gitops.GitOpsProperties;
import dev.pitapat.store.EnvironmentLocks;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pushes that deploy nothing before anything is asked: a push to the GitOps repository itself (the bot's own
 * commits land there, and Argo CD, not pitapat, acts on them). A push no App serves never gets here: the
 * delivery workers set it aside (DeliveryWorkersTest).
 */
class PushGuardsTest {

    private final GitHubGateway github = mock(GitHubGateway.class);
    private final EnvironmentLocks locks = mock(EnvironmentLocks.class);
    private final DeployPipeline pipeline = mock(DeployPipeline.class);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://github.com/Codertocat/Hello-World.git",
                "https://github.com/codertocat/hello-world",
                "git@github.com:Codertocat/Hello-World.git"
            })
    void aPushToTheGitOpsRepositoryTriggersNothing(String gitopsUrl) {
        pushDeploys(app(Optional.of(4242L)), gitopsUrl).handle(push());

        verifyNoInteractions(github, locks, pipeline);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://github.com/acme/gitops.git",
                "https://gitlab.example.com/Codertocat/Hello-World.git",
                "./data/gitops.git"
            })
    void aPushToAnyOtherRepositoryReadsItsConfig(String gitopsUrl) {
        when(github.fileAt(anyLong(), any(), anyString(), anyString())).thenReturn(Optional.of("app: hello\n"));

        pushDeploys(app(Optional.of(4242L)), gitopsUrl).handle(push());

        verify(github).fileAt(anyLong(), any(), anyString(), anyString());
    }

    private PushDeploys pushDeploys(GitHubProperties app, String gitopsUrl) {
        return new PushDeploys(
                github,
                app,
                locks,
                pipeline,
                new GitOpsProperties(gitopsUrl, "main", Path.of("./data/gitops-work"), Optional.empty()));
    }

    private static GitHubProperties app(Optional<Long> appId) {
        return new GitHubProperties(
                URI.create("https://api.github.com"),
                appId,
                appId.map(id -> dev.pitapat.testing.TestPem.newAppKey()),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of());
    }

    private static PushEvent push() {
        return new PushEvent(
                "d1",
                1,
                "Codertocat/Hello-World",
                "master",
                "refs/heads/master",
                "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                false,
                "Codertocat",
                false);
    }
}
