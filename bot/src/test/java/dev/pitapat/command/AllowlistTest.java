package dev.pitapat.command;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.pitapat.deploy.DeployPipeline;
import dev.pitapat.deploy.EnvironmentDesk;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.testing.TestPem;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Repositories outside {@code pitapat.github.repo-allowlist} get no answer and cause no GitHub call. */
class AllowlistTest {

    @Test
    void ignoresCommentsAndButtonsInRepositoriesOutsideTheAllowlist() throws Exception {
        GitHubGateway github = mock(GitHubGateway.class);
        CommentCommands commands = new CommentCommands(
                github,
                settings(List.of("acme/*")),
                new Permissions(github),
                mock(EnvironmentDesk.class),
                mock(DeployPipeline.class));

        commands.handle(new CommentEvent(
                "d1",
                1,
                "Codertocat/Hello-World",
                "master",
                7,
                true,
                "created",
                11,
                "/lock staging",
                "Codertocat",
                false));
        commands.handle(new ButtonPress(
                "d2",
                1,
                "Codertocat/Hello-World",
                "master",
                "deploy/staging",
                "promote",
                Optional.of(7),
                "Codertocat",
                false));

        verifyNoInteractions(github);
    }

    private static GitHubProperties settings(List<String> allowlist) throws Exception {
        String pem = TestPem.newAppKey();
        return new GitHubProperties(
                URI.create("https://api.github.com"),
                Optional.of(4242L),
                Optional.of(pem),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                allowlist);
    }
}
