package dev.pitapat.gitops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
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
