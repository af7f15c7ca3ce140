package dev.pitapat.github.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The local stand-in for GitHub as the rest of the bot sees it: made on first use (a start that never
 * uses it writes nothing), with the addresses of its pages once the web server has a port.
 */
final class LocalStandIn implements AutoCloseable {

    /** The stand-in's one installation, repository and App, as GitHub would number them. */
    static final long INSTALLATION_ID = 1;

    static final long REPOSITORY_ID = 1;
    static final long APP_ID = 1;

    private final Path folder;
    private final Clock clock;
    private final Optional<URI> publicUrl;
    private volatile LocalGitHub github;
    private volatile int port;

    LocalStandIn(Path folder, Clock clock, Optional<URI> publicUrl) {
        this.folder = folder;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    Path folder() {
        return folder;
    }

    LocalGitHub github() {
        LocalGitHub opened = github;
        if (opened == null) {
            synchronized (this) {
                if (github == null) {
                    github = LocalGitHub.open(folder, clock);
                }
                opened = github;
            }
        }
        return opened;
    }

    void serverStarted(int port) {
        this.port = port;
    }

    /** The bot's own webhook endpoint on the loopback interface. */
    URI intake() {
        return URI.create("http://127.0.0.1:" + port + "/webhooks/github");
    }

    LocalLinks links() {
        return new LocalLinks(publicUrl.orElseGet(() -> URI.create("http://localhost:" + port)));
    }

    @Override
    public synchronized void close() {
        if (github != null) {
            github.close();
        }
    }

    /** Where the stand-in's pages show the pull request, a comment and a check run. */
    record LocalLinks(URI base) {
        static final String PAGE = "/local-github";

        /** GitHub's web address as the stand-in plays it: {@code <web>/example/hello/pull/1} is its page. */
        URI web() {
            return URI.create(base + PAGE);
        }

        URI pullRequest() {
            return URI.create(web() + "/" + LocalGitHub.REPO + "/pull/" + LocalGitHub.PULL_REQUEST);
        }

        URI comment(long id) {
            return URI.create(pullRequest() + "#comment-" + id);
        }

        URI checkRun(long id) {
            return URI.create(pullRequest() + "#check-run-" + id);
        }
    }
}
