package dev.pitapat.gitops;

import dev.pitapat.model.AppName;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** A bare "remote" GitOps repository, the bot's writer on it, and a competing clone, all on disk. */
final class GitOpsRig {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);
    static final SourceRef SOURCE = new SourceRef("acme/hello", new Sha("6dcb09b5b57875f334f61aebed695e2e4193db5e"));

    final Path remote;
    final Path workdir;
    private final Path competitor;

    GitOpsRig(Path tmp) throws Exception {
        remote = tmp.resolve("remote.git");
        workdir = tmp.resolve("work");
        competitor = tmp.resolve("competitor");
        Git.init()
                .setBare(true)
                .setInitialBranch("main")
                .setDirectory(remote.toFile())
                .call()
                .close();
    }

    GitOpsWriter writer(Clock clock) {
        return new GitOpsWriter(remote.toString(), "main", workdir, GitOpsWriter.DEFAULT_IDENTITY, clock);
    }

    GitOpsWriter writer() {
        return writer(CLOCK);
    }

    static Target target(String app, String env) {
        return new Target(new AppName(app), new EnvName(env));
    }

    static DeploymentId id(int n) {
        return new DeploymentId(String.format("d-%012x", n));
    }

    static Map<String, byte[]> files(String... nameThenContent) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            files.put(nameThenContent[i], nameThenContent[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    static Change deploy(Target target, int id, Map<String, byte[]> files) {
        return new Change(target, files, Action.DEPLOY, SOURCE, id(id), "alice");
    }

    /** Commits on the remote's main, newest first. */
    List<RevCommit> commits() throws IOException {
        List<RevCommit> commits = new ArrayList<>();
        try (Repository repo = open();
                RevWalk walk = new RevWalk(repo)) {
            Optional<Ref> head = Optional.ofNullable(repo.exactRef(Constants.R_HEADS + "main"));
            if (head.isEmpty()) {
                return commits;
            }
            walk.markStart(walk.parseCommit(head.get().getObjectId()));
            walk.forEach(commits::add);
        }
        return commits;
    }

    String head() throws IOException {
        return commits().getFirst().name();
    }

    /** Every file of the remote at {@code commit}, path to content. */
    Map<String, String> tree(String commit) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Repository repo = open();
                RevWalk walk = new RevWalk(repo);
                TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(walk.parseCommit(ObjectId.fromString(commit)).getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                files.put(
                        tw.getPathString(),
                        new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** Paths {@code commit} changed against its first parent (or all, for a root commit). */
    List<String> changedPaths(RevCommit commit) throws IOException {
        try (Repository repo = open()) {
            return changedPaths(repo, commit);
        }
    }

    /** The same, in {@code repo}. */
    static List<String> changedPaths(Repository repo, RevCommit commit) throws IOException {
        List<String> paths = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo);
                TreeWalk tw = new TreeWalk(repo)) {
            RevCommit c = walk.parseCommit(commit);
            if (c.getParentCount() > 0) {
                tw.addTree(walk.parseCommit(c.getParent(0)).getTree());
            } else {
                tw.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
            }
            tw.addTree(c.getTree());
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            while (tw.next()) {
                paths.add(tw.getPathString());
            }
        }
        return paths;
    }

    boolean isAncestor(String ancestor, String of) throws IOException {
        try (Repository repo = open();
                RevWalk walk = new RevWalk(repo)) {
            return walk.isMergedInto(
                    walk.parseCommit(ObjectId.fromString(ancestor)), walk.parseCommit(ObjectId.fromString(of)));
        }
    }

    /**
     * Another process: its own clone commits {@code path} and pushes, fetching and rebuilding on top when
     * it loses a race. Returns its commit.
     */
    synchronized String competitorPushes(String path, String content) throws Exception {
        return competitorPushes(path, content, "competitor writes " + path);
    }

    /** The same, with {@code message} (for example a pitapat subject and trailers, as another replica writes). */
    synchronized String competitorPushes(String path, String content, String message) throws Exception {
        if (!Files.exists(competitor)) {
            Git.cloneRepository()
                    .setURI(remote.toString())
                    .setDirectory(competitor.toFile())
                    .call()
                    .close();
        }
        try (Git git = Git.open(competitor.toFile())) {
            for (int attempt = 0; attempt < 50; attempt++) {
                git.fetch()
                        .setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/origin/*"))
                        .call();
                Optional<Ref> head = Optional.ofNullable(git.getRepository().exactRef("refs/remotes/origin/main"));
                if (head.isPresent()) {
                    git.reset()
                            .setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD)
                            .setRef("refs/remotes/origin/main")
                            .call();
                }
                Path file = competitor.resolve(path);
                Files.createDirectories(file.getParent());
                Files.writeString(file, content);
                git.add().addFilepattern(path).call();
                RevCommit commit = git.commit()
                        .setMessage(message)
                        .setAuthor("other", "other@example.com")
                        .call();
                Iterable<PushResult> results = git.push()
                        .setRefSpecs(new RefSpec("HEAD:refs/heads/main"))
                        .call();
                RemoteRefUpdate.Status status = results.iterator()
                        .next()
                        .getRemoteUpdates()
                        .iterator()
                        .next()
                        .getStatus();
                if (status == RemoteRefUpdate.Status.OK) {
                    return commit.name();
                }
            }
        }
        throw new IllegalStateException("the competitor could not push " + path);
    }

    /**
     * Writes a commit straight into the remote's object database, without moving any branch: its tree holds
     * exactly {@code files} (path to content).
     */
    String remoteCommit(List<String> parents, Map<String, String> files, String message) throws IOException {
        try (Repository repo = open();
                ObjectInserter inserter = repo.newObjectInserter()) {
            PersonIdent ident = new PersonIdent(new PersonIdent("other", "other@example.com"), CLOCK.instant());
            return writeCommit(
                            inserter, parents.stream().map(ObjectId::fromString).toList(), files, message, ident)
                    .name();
        }
    }

    /** A commit whose tree holds exactly {@code files} (path to UTF-8 content), written and flushed. */
    static ObjectId writeCommit(
            ObjectInserter inserter,
            List<ObjectId> parents,
            Map<String, String> files,
            String message,
            PersonIdent ident)
            throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
            DirCacheEntry entry = new DirCacheEntry(file.getKey());
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(
                    inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8)));
            builder.add(entry);
        }
        builder.finish();
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(index.writeTree(inserter));
        commit.setParentIds(parents);
        commit.setAuthor(ident);
        commit.setCommitter(ident);
        commit.setMessage(message);
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        return id;
    }

    /** Moves the remote's main to {@code commit}, forced, as an administrator's force-push does. */
    void forceMainTo(String commit) throws IOException {
        try (Repository repo = open()) {
            RefUpdate update = repo.updateRef(Constants.R_HEADS + "main");
            update.setNewObjectId(ObjectId.fromString(commit));
            update.setForceUpdate(true);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.FORCED
                    && result != RefUpdate.Result.FAST_FORWARD
                    && result != RefUpdate.Result.NO_CHANGE) {
                throw new IOException("forcing main to " + commit + ": " + result);
            }
        }
    }

    Repository open() throws IOException {
        return new FileRepositoryBuilder()
                .setGitDir(remote.toFile())
                .setMustExist(true)
                .build();
    }
}
