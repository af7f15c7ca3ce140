package dev.pitapat.gitops;

import dev.pitapat.model.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Walks of the branch's log limited to one folder: the commits that changed it, newest first, with Git's
 * history simplification (a merge that kept one parent's folder follows only that parent). They read the
 * whole history, so the writer asks the {@link BranchIndex} first and walks only when it must.
 */
final class BranchLog {

    private BranchLog() {}

    /** The deployments that changed {@code folder} up to {@code head}, newest first, at most {@code limit}. */
    static List<DeploymentCommit> history(Repository repo, ObjectId head, String folder, int limit) throws IOException {
        List<DeploymentCommit> deployments = new ArrayList<>();
        try (RevWalk walk = folderWalk(repo, head, folder)) {
            for (RevCommit commit : walk) {
                CommitTrailers.parse(commit).ifPresent(deployments::add);
                if (deployments.size() >= limit) {
                    break;
                }
            }
        }
        return deployments;
    }

    /**
     * The newest deployments of each of {@code targets} up to {@code head}, newest first, at most {@code limit}
     * each, from one walk of the log instead of one per folder: a commit counts for the environment its trailers
     * name when it changed that environment's folder against its first parent. The walk stops once every target
     * has {@code limit}; a target never deployed has an empty list.
     */
    static Map<Target, List<DeploymentCommit>> newest(Repository repo, ObjectId head, List<Target> targets, int limit)
            throws IOException {
        Map<Target, List<DeploymentCommit>> found = new HashMap<>();
        targets.forEach(target -> found.put(target, new ArrayList<>()));
        int wanting = limit > 0 ? found.size() : 0;
        try (RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(head));
            for (RevCommit commit = walk.next(); commit != null && wanting > 0; commit = walk.next()) {
                Optional<DeploymentCommit> deployment = CommitTrailers.parse(commit);
                List<DeploymentCommit> list =
                        deployment.map(d -> found.get(d.target())).orElse(null);
                if (list == null
                        || list.size() >= limit
                        || !changed(
                                walk, commit, Change.folderOf(deployment.get().target()))) {
                    continue;
                }
                list.add(deployment.get());
                if (list.size() == limit) {
                    wanting--;
                }
            }
        }
        return found;
    }

    /** Whether {@code commit} changed {@code folder} against its first parent (or holds it, for a root commit). */
    private static boolean changed(RevWalk walk, RevCommit commit, String folder) throws IOException {
        ObjectReader reader = walk.getObjectReader();
        Optional<ObjectId> now = idAt(reader, commit, folder);
        if (commit.getParentCount() == 0) {
            return now.isPresent();
        }
        RevCommit parent = commit.getParent(0);
        walk.parseHeaders(parent);
        return !now.equals(idAt(reader, parent, folder));
    }

    private static Optional<ObjectId> idAt(ObjectReader reader, RevCommit commit, String folder) throws IOException {
        try (TreeWalk tree = TreeWalk.forPath(reader, folder, commit.getTree())) {
            return tree == null ? Optional.empty() : Optional.of(tree.getObjectId(0));
        }
    }

    /**
     * The repository ({@code owner/repo}) in the {@code Pitapat-Source} of the oldest commit with complete
     * trailers that changed {@code apps/<app>} up to {@code head}.
     */
    static Optional<String> ownerAt(Repository repo, ObjectId head, String app) throws IOException {
        try (RevWalk walk = folderWalk(repo, head, "apps/" + app)) {
            walk.sort(RevSort.REVERSE, true);
            for (RevCommit commit : walk) {
                Optional<DeploymentCommit> parsed = CommitTrailers.parse(commit);
                if (parsed.isPresent()) {
                    return Optional.of(parsed.get().source().repository());
                }
            }
            return Optional.empty();
        }
    }

    /** The newest commit up to {@code head} that changed {@code folder} and carries {@code deployment}. */
    static Optional<String> commitOf(Repository repo, ObjectId head, String folder, String deployment)
            throws IOException {
        try (RevWalk walk = folderWalk(repo, head, folder)) {
            for (RevCommit commit : walk) {
                if (CommitTrailers.deploymentOf(commit).equals(Optional.of(deployment))) {
                    return Optional.of(commit.name());
                }
            }
            return Optional.empty();
        }
    }

    private static RevWalk folderWalk(Repository repo, ObjectId head, String folder) throws IOException {
        RevWalk walk = new RevWalk(repo);
        try {
            walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(folder), TreeFilter.ANY_DIFF));
            walk.markStart(walk.parseCommit(head));
            return walk;
        } catch (IOException | RuntimeException e) {
            walk.close();
            throw e;
        }
    }
}
