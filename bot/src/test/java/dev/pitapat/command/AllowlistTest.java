package dev.pitapat.command;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.pitapat.deploy.DeployPipeline;
import dev.pitapat.deploy.EnvironmentDesk;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubProperties;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
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
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
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
