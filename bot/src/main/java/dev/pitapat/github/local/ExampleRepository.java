package dev.pitapat.github.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The example application as a real Git repository under the stand-in's folder: {@code main} holds the
 * bundled {@code examples/hello/} (packaged as {@code pitapat-example/hello/}), and the pull request's branch
 * one commit more that changes the greeting. Each {@link #push} adds a commit to the pull request's branch.
 * Made once; later starts open what is there.
 */
final class ExampleRepository implements AutoCloseable {

    static final String DEFAULT_BRANCH = "main";
    static final String PULL_REQUEST_BRANCH = "friendly-greeting";
    private static final String BUNDLE = "pitapat-example/hello/";
    private static final String PAGE = "index.html";

    private final Git git;
    private final Clock clock;

    private ExampleRepository(Git git, Clock clock) {
        this.git = git;
        this.clock = clock;
    }

    /** Opens the repository in {@code folder}, or makes it from the bundled example when there is none. */
    static ExampleRepository openOrCreate(Path folder, String author, Clock clock) {
        try {
            if (Files.isDirectory(folder.resolve(".git"))) {
                return new ExampleRepository(Git.open(folder.toFile()), clock);
            }
            Files.createDirectories(folder);
            Git git = Git.init()
                    .setDirectory(folder.toFile())
                    .setInitialBranch(DEFAULT_BRANCH)
                    .call();
            ExampleRepository example = new ExampleRepository(git, clock);
            for (Bundled file : bundled()) {
                Path target = folder.resolve(file.path());
                Files.createDirectories(target.getParent());
                Files.write(target, file.bytes());
            }
            example.commitAll(author, "Add the hello example");
            git.checkout().setCreateBranch(true).setName(PULL_REQUEST_BRANCH).call();
            example.rewritePage("<h1>Hello</h1>", "<h1>Hello, friend</h1>");
            example.commitAll(author, "Greet more warmly");
            return example;
        } catch (IOException e) {
            throw new UncheckedIOException("making the example repository in " + folder, e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("making the example repository in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Adds a commit to the pull request's branch (a line more on the page); returns its sha. */
    synchronized String push(String author) {
        try {
            git.checkout().setName(PULL_REQUEST_BRANCH).call();
            int count = commitsOf(PULL_REQUEST_BRANCH).size() + 1;
            rewritePage("</body>", "  <p>Change " + count + ".</p>\n</body>");
            return commitAll(author, "Change " + count + " to the page");
        } catch (IOException e) {
            throw new UncheckedIOException("pushing to the example's pull request", e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("pushing to the example's pull request: " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code branch} can name a branch here: a valid ref name of a length the file system takes (JGit
     * would otherwise try the path and log the file system's refusal as an error).
     */
    private static boolean nameable(String branch) {
        return branch.length() <= 200 && Repository.isValidRefName(Constants.R_HEADS + branch);
    }

    /** The commit a branch points at. */
    synchronized String headOf(String branch) {
        if (!nameable(branch)) {
            throw new IllegalStateException("the example repository has no branch named like that");
        }
        try {
            ObjectId id = git.getRepository().resolve(Constants.R_HEADS + branch);
            if (id == null) {
                throw new IllegalStateException("the example repository has no branch " + branch);
            }
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException("reading branch " + branch + " of the example repository", e);
        }
    }

    /** The commits of the pull request's branch that are not on {@code main}, oldest first. */
    synchronized List<String> commitsOf(String branch) {
        if (!nameable(branch)) {
            return List.of();
        }
        Repository repo = git.getRepository();
        try (RevWalk walk = new RevWalk(repo)) {
            ObjectId head = repo.resolve(Constants.R_HEADS + branch);
            ObjectId main = repo.resolve(Constants.R_HEADS + DEFAULT_BRANCH);
            if (head == null || main == null) {
                return List.of(); // no such branch: no commits
            }
            walk.markStart(walk.parseCommit(head));
            walk.markUninteresting(walk.parseCommit(main));
            List<String> shas = new ArrayList<>();
            for (RevCommit commit : walk) {
                shas.add(commit.name());
            }
            Collections.reverse(shas);
            return shas;
        } catch (IOException e) {
            throw new UncheckedIOException("listing the commits of " + branch, e);
        }
    }

    /** The commit's subject line; empty when there is no such commit. */
    synchronized Optional<String> subjectOf(String sha) {
        Repository repo = git.getRepository();
        try (RevWalk walk = new RevWalk(repo)) {
            if (!sha.matches("[0-9a-f]{4,40}")) {
                return Optional.empty(); // a name, an expression or a path: not a commit of ours
            }
            ObjectId id = repo.resolve(sha);
            return id == null
                    ? Optional.empty()
                    : Optional.of(walk.parseCommit(id).getShortMessage());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The file's bytes at a branch or commit; empty when either does not exist. */
    synchronized Optional<String> fileAt(String ref, String path) {
        Repository repo = git.getRepository();
        try (RevWalk walk = new RevWalk(repo)) {
            if (!ref.matches("[0-9a-f]{40}") && !nameable(ref)) {
                return Optional.empty();
            }
            ObjectId id = ref.matches("[0-9a-f]{40}") ? repo.resolve(ref) : repo.resolve(Constants.R_HEADS + ref);
            if (id == null || !repo.getObjectDatabase().has(id)) {
                return Optional.empty();
            }
            try (TreeWalk tree =
                    TreeWalk.forPath(repo, path, walk.parseCommit(id).getTree())) {
                if (tree == null) {
                    return Optional.empty();
                }
                byte[] bytes = repo.open(tree.getObjectId(0)).getBytes();
                return Optional.of(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Path folder() {
        return git.getRepository().getWorkTree().toPath();
    }

    @Override
    public void close() {
        git.close();
    }

    private void rewritePage(String from, String to) throws IOException {
        Path page = folder().resolve(PAGE);
        String text = Files.readString(page);
        Files.writeString(page, text.replace(from, to));
    }

    private String commitAll(String author, String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        PersonIdent who = new PersonIdent(
                author,
                author + "@users.noreply.example.com",
                clock.instant(),
                TimeZone.getTimeZone("UTC").toZoneId());
        return git.commit()
                .setMessage(message)
                .setAuthor(who)
                .setCommitter(who)
                .setSign(false)
                .call()
                .name();
    }

    private record Bundled(String path, byte[] bytes) {}

    private static List<Bundled> bundled() throws IOException {
        var resolver = new PathMatchingResourcePatternResolver(ExampleRepository.class.getClassLoader());
        List<Bundled> files = new ArrayList<>();
        for (Resource resource : resolver.getResources("classpath*:" + BUNDLE + "**")) {
            if (!resource.isReadable()) {
                continue; // a folder
            }
            String url = resource.getURL().toString();
            int at = url.lastIndexOf(BUNDLE);
            String path = url.substring(at + BUNDLE.length());
            if (path.isEmpty() || path.endsWith("/")) {
                continue;
            }
            try (InputStream in = resource.getInputStream()) {
                files.add(new Bundled(path, in.readAllBytes()));
            }
        }
        if (files.stream().noneMatch(file -> file.path().equals(".github/pitapat.yml"))) {
            throw new IllegalStateException("the bundled example (" + BUNDLE + ") is missing from the classpath");
        }
        return files;
    }
}
