package dev.pitapat.gitops;

import static dev.pitapat.gitops.GitOpsRig.deploy;
import static dev.pitapat.gitops.GitOpsRig.files;
import static dev.pitapat.gitops.GitOpsRig.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pitapat.testing.GitHttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The GitOps repository over real smart HTTP: JGit's GitServlet on 127.0.0.1 behind HTTP Basic that takes only
 * {@code x-access-token:<token>}. Logs are captured (JGit and Tomcat included) to show no token reaches them.
 */
@ExtendWith(OutputCaptureExtension.class)
class GitOpsOverHttpTest {

    private static final String TOKEN = "github_pat_11ABCDEFG0rightTokenValue_0123456789abcdefXYZ";
    private static final String WRONG = "github_pat_11ABCDEFG0wrongTokenValue_9876543210zyxwvuXYZ";

    @TempDir
    Path tmp;

    private GitHttpServer server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = GitHttpServer.start(tmp, TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        server.close();
    }

    @Test
    void clonesCommitsAndPushesWithTheConfiguredTokenAndTheCommitLands() throws Exception {
        GitOpsWriter writer = writer(properties(server.url(), Optional.of(TOKEN)));

        CommitResult result =
                writer.commit(deploy(target("hello", "staging"), 1, files("rollout.yaml", "kind: Rollout")));

        assertThat(result).isInstanceOf(CommitResult.Committed.class);
        assertThat(servedHead()).contains(((CommitResult.Committed) result).commitSha());
        assertThat(servedFile("apps/hello/staging/rollout.yaml")).contains("kind: Rollout");
        assertThat(server.presented()).isNotEmpty().allMatch(("x-access-token:" + TOKEN)::equals);
    }

    @Test
    void aPushTheRepositorysHookRefusesFailsOnceSayingRetryingWillNotHelpAndTheNextDeployWorks() throws Exception {
        GitOpsWriter writer = writer(properties(server.url(), Optional.of(TOKEN)));
        writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "a: 1")));
        server.refusePushes("protected branch hook declined");
        int pushes = server.pushes();

        assertThatThrownBy(() -> writer.commit(deploy(target("hello", "staging"), 2, files("a.yaml", "a: 2"))))
                .isInstanceOfSatisfying(
                        GitOpsException.class, e -> assertThat(e.retryHelps()).isFalse())
                .hasMessageContaining("the GitOps repository refused it")
                .hasMessageContaining("protected branch hook declined");
        assertThat(server.pushes() - pushes)
                .as("one push: no retry of a refusal")
                .isEqualTo(1);

        server.refusePushes(null);
        assertThat(writer.commit(deploy(target("hello", "staging"), 2, files("a.yaml", "a: 2"))))
                .isInstanceOf(CommitResult.Committed.class);
        assertThat(servedFile("apps/hello/staging/a.yaml")).contains("a: 2");
    }

    @Test
    void keepsTheTokenOutOfTheClonesConfigAndEveryFileOfTheWorkdir() throws Exception {
        GitOpsWriter writer = writer(properties(server.url(), Optional.of(TOKEN)));
        writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "a: 1")));
        writer.commit(deploy(target("hello", "staging"), 2, files("a.yaml", "a: 2")));

        FileBasedConfig config = new FileBasedConfig(workdir().resolve("config").toFile(), FS.DETECTED);
        config.load();
        assertThat(config.getString("remote", "origin", "url")).isEqualTo(server.url());
        assertThat(Files.readString(workdir().resolve("config"))).doesNotContain(TOKEN);
        assertThat(filesContaining(workdir(), TOKEN)).isEmpty();
    }

    @Test
    void aWrongTokenIsRefusedNamingTheSettingWithoutTheTokenAndHealthIsDown(CapturedOutput output) throws Exception {
        GitOpsProperties properties = properties(server.url(), Optional.of(WRONG));
        GitRemote remote = GitRemote.of(properties, GitCredentials.anonymous());
        GitOpsWriter writer = writer(properties, remote);

        GitOpsAccessException refused = catchThrowableOfType(
                GitOpsAccessException.class,
                () -> writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "a: 1"))));

        assertThat(refused.getMessage())
                .startsWith("cloning the GitOps repository into " + workdir())
                .contains("refused the credentials from pitapat.gitops.token (HTTP 401)")
                .contains("check pitapat.gitops.token")
                .doesNotContain(WRONG);
        assertThat(stackTraceOf(refused)).doesNotContain(WRONG);
        assertThat(server.presented()).containsExactly("x-access-token:" + WRONG); // a fixed token: no second try

        Health health = new GitOpsRepository(properties, remote, GitOpsRig.CLOCK).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("error").toString())
                .contains("(HTTP 401)")
                .contains("check pitapat.gitops.token")
                .doesNotContain(WRONG);
        assertThat(health.getDetails().toString()).doesNotContain(WRONG);
        assertThat(output.getAll()).doesNotContain(WRONG);
    }

    @Test
    void aTokenThatMayOnlyReadGetsTheRefusedPushNamedAndHealthStaysDownAlthoughReadsWork() throws Exception {
        server.readOnly(WRONG);
        GitOpsProperties properties = properties(server.url(), Optional.of(WRONG));
        GitRemote remote = GitRemote.of(properties, GitCredentials.anonymous());
        GitOpsWriter writer = writer(properties, remote);

        GitOpsAccessException refused = catchThrowableOfType(
                GitOpsAccessException.class,
                () -> writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "a: 1"))));

        assertThat(refused.getMessage())
                .startsWith("pushing deploy commit for hello/staging: ")
                .contains("did not permit a push with the credentials from pitapat.gitops.token (HTTP 403)")
                .contains("contents: read and write")
                .doesNotContain(WRONG);
        assertThat(servedHead()).isEmpty();
        Health health = new GitOpsRepository(properties, remote, GitOpsRig.CLOCK).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("error", refused.getMessage());
    }

    @Test
    void aRepositoryThatAsksForCredentialsWhenNoneAreSetSaysWhatToConfigure() throws Exception {
        GitOpsWriter writer = writer(properties(server.url(), Optional.empty()));

        GitOpsAccessException refused =
                catchThrowableOfType(GitOpsAccessException.class, () -> writer.history(target("hello", "staging"), 10));

        assertThat(refused.getMessage())
                .contains("asks for credentials (HTTP 401) and none are configured")
                .contains("set pitapat.gitops.token")
                .contains("pitapat.github.app-id");
        assertThat(server.presented()).isEmpty();
    }

    @Test
    void aRefusedLoginIsHandedBackAndOneFreshLoginFinishesTheSameCommand() throws Exception {
        Rotating credentials = new Rotating("ghs_expiredExpiredExpired0001", TOKEN, "ghs_neverUsedNeverUsed000003");
        GitOpsWriter writer = writer(properties(server.url(), Optional.empty()), credentials);

        CommitResult result = writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "a: 1")));

        assertThat(result).isInstanceOf(CommitResult.Committed.class);
        assertThat(credentials.refused).containsExactly("ghs_expiredExpiredExpired0001");
        assertThat(server.presented())
                .startsWith("x-access-token:ghs_expiredExpiredExpired0001", "x-access-token:" + TOKEN)
                .doesNotContain("x-access-token:ghs_neverUsedNeverUsed000003");
    }

    @Test
    void aFreshLoginThatIsRefusedTooIsNotFollowedByAThird() throws Exception {
        Rotating credentials = new Rotating("ghs_staleStaleStaleStale00001", "ghs_staleStaleStaleStale00002", TOKEN);
        GitOpsWriter writer = writer(properties(server.url(), Optional.empty()), credentials);

        GitOpsAccessException refused = catchThrowableOfType(
                GitOpsAccessException.class,
                () -> writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "a: 1"))));

        assertThat(refused.getMessage())
                .contains("refused the credentials from a rotating stand-in (HTTP 401)")
                .doesNotContain("ghs_stale");
        assertThat(credentials.handedOut).isEqualTo(GitRemote.MAX_LOGINS);
        assertThat(server.presented()).doesNotContain("x-access-token:" + TOKEN);
    }

    @Test
    void neverSendsTheTokenToAnotherOriginARedirectLeadsTo() throws Exception {
        try (GitHttpServer elsewhere = GitHttpServer.start(tmp.resolve("elsewhere"), TOKEN)) {
            server.redirectTo("http://127.0.0.1:" + portOf(elsewhere.url()));
            GitOpsWriter writer = writer(properties(server.url(), Optional.of(TOKEN)));

            GitOpsAccessException refused = catchThrowableOfType(
                    GitOpsAccessException.class, () -> writer.history(target("hello", "staging"), 10));

            assertThat(refused.getMessage()).contains("redirected pitapat to another host");
            assertThat(elsewhere.presented()).isEmpty();
        }
    }

    private static int portOf(String url) {
        return java.net.URI.create(url).getPort();
    }

    @Test
    void aRepositoryTheServerDoesNotHaveNamesTheSettingAndTheCredentials() throws Exception {
        GitOpsWriter writer =
                writer(properties(server.url().replace("/gitops.git", "/gitops-typo.git"), Optional.of(TOKEN)));

        GitOpsAccessException refused =
                catchThrowableOfType(GitOpsAccessException.class, () -> writer.history(target("hello", "staging"), 10));

        assertThat(refused.getMessage())
                .contains("acme/gitops-typo.git was not found (HTTP 404); check pitapat.gitops.repo")
                .contains("may not see the repository: check pitapat.gitops.token");
    }

    @Test
    void credentialsThatCannotBeHadAreAnsweredWithWhyAndWhatToFix() throws Exception {
        GitCredentials failing = new GitCredentials() {
            @Override
            public Optional<Login> login() {
                throw new IllegalStateException("GitHub not reachable (ConnectException)");
            }

            @Override
            public void refused(Login login) {}

            @Override
            public String source() {
                return "a failing stand-in";
            }

            @Override
            public String remedy() {
                return "fix it";
            }
        };
        GitOpsWriter writer = writer(properties(server.url(), Optional.empty()), failing);

        GitOpsAccessException refused =
                catchThrowableOfType(GitOpsAccessException.class, () -> writer.history(target("hello", "staging"), 10));

        assertThat(refused.getMessage())
                .contains("no credentials could be had for the GitOps repository " + server.url())
                .contains("GitHub not reachable (ConnectException)")
                .endsWith("fix it");
    }

    @Test
    void aUrlWithUserInfoSendsItPerCommandAndShowsItRedacted(CapturedOutput output) throws Exception {
        String withUserInfo = server.url().replace("http://", "http://x-access-token:" + TOKEN + "@");
        GitOpsProperties properties = properties(withUserInfo, Optional.empty());
        GitRemote remote = GitRemote.of(properties, GitCredentials.anonymous());
        GitOpsWriter writer = writer(properties, remote);

        assertThat(writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "a: 1"))))
                .isInstanceOf(CommitResult.Committed.class);

        assertThat(filesContaining(workdir(), TOKEN)).isEmpty();
        assertThat(properties.toString()).doesNotContain(TOKEN).contains("http://[redacted]@127.0.0.1:");
        Health health = new GitOpsRepository(properties, remote, GitOpsRig.CLOCK).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails())
                .containsEntry("repository", server.url().replace("http://", "http://[redacted]@"))
                .containsEntry("credentials", "the user-info of pitapat.gitops.repo");
        assertThat(output.getAll()).doesNotContain(TOKEN);
    }

    @Test
    void anOlderCloneWithAPasswordInItsConfigLosesIt() throws Exception {
        String withUserInfo = server.url().replace("http://", "http://x-access-token:" + TOKEN + "@");
        org.eclipse.jgit.api.Git.cloneRepository()
                .setURI(withUserInfo)
                .setBare(true)
                .setDirectory(workdir().toFile())
                .call()
                .close();
        assertThat(Files.readString(workdir().resolve("config"))).contains(TOKEN);

        GitOpsWriter writer = writer(properties(server.url(), Optional.of(TOKEN)));
        writer.commit(deploy(target("hello", "staging"), 1, files("a.yaml", "a: 1")));

        assertThat(Files.readString(workdir().resolve("config"))).doesNotContain(TOKEN);
    }

    @Test
    void healthReadsTheBranchWithTheConfiguredToken() throws Exception {
        GitOpsProperties properties = properties(server.url(), Optional.of(TOKEN));
        GitRemote remote = GitRemote.of(properties, GitCredentials.anonymous());
        String sha = ((CommitResult.Committed) writer(properties, remote)
                        .commit(deploy(target("hello", "staging"), 1, files("a.yaml", "a: 1"))))
                .commitSha();

        Health health = new GitOpsRepository(properties, remote, GitOpsRig.CLOCK).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails())
                .containsEntry("head", sha)
                .containsEntry("credentials", "pitapat.gitops.token")
                .doesNotContainKey("error");
    }

    /** Hands out the given tokens in turn, one more each time the last one is refused. */
    private static final class Rotating implements GitCredentials {
        private final Deque<String> tokens;
        private final List<String> refused = new ArrayList<>();
        private int handedOut;

        Rotating(String... tokens) {
            this.tokens = new ArrayDeque<>(List.of(tokens));
        }

        @Override
        public synchronized Optional<Login> login() {
            handedOut++;
            return Optional.of(new Login(TOKEN_USER, tokens.getFirst()));
        }

        @Override
        public synchronized void refused(Login login) {
            refused.add(login.password());
            tokens.remove(login.password());
        }

        @Override
        public String source() {
            return "a rotating stand-in";
        }

        @Override
        public String remedy() {
            return "rotate it";
        }
    }

    private GitOpsProperties properties(String repo, Optional<String> token) {
        return new GitOpsProperties(repo, "main", workdir(), token);
    }

    private Path workdir() {
        return tmp.resolve("work");
    }

    private GitOpsWriter writer(GitOpsProperties properties) {
        return writer(properties, GitRemote.of(properties, GitCredentials.anonymous()));
    }

    private GitOpsWriter writer(GitOpsProperties properties, GitCredentials credentials) {
        return writer(properties, GitRemote.of(properties, credentials));
    }

    private GitOpsWriter writer(GitOpsProperties properties, GitRemote remote) {
        GitOpsWriter writer = GitOpsWriter.of(properties, remote, GitOpsRig.CLOCK);
        open.add(writer);
        return writer;
    }

    private Optional<String> servedHead() throws IOException {
        try (Repository repo = server.open()) {
            return Optional.ofNullable(repo.exactRef(Constants.R_HEADS + "main"))
                    .map(ref -> ref.getObjectId().name());
        }
    }

    private Optional<String> servedFile(String path) throws IOException {
        try (Repository repo = server.open();
                RevWalk walk = new RevWalk(repo)) {
            var head = repo.exactRef(Constants.R_HEADS + "main");
            var tree = walk.parseCommit(head.getObjectId()).getTree();
            try (var tw = org.eclipse.jgit.treewalk.TreeWalk.forPath(repo, path, tree)) {
                return tw == null
                        ? Optional.empty()
                        : Optional.of(new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    private static List<Path> filesContaining(Path dir, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> {
                        try {
                            return indexOf(Files.readAllBytes(p), needle) >= 0;
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String stackTraceOf(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
