package dev.pitapat.gitops;

import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * The {@link BranchOverview} the status page and {@code /api/apps} read, from one fetch: within
 * {@link #FRESHNESS} of the last fetch the head last seen is used (fetched, or pushed by this process) without
 * asking the remote; after it, one fetch. The overview is read again only when the head moved (or another
 * number of deployments is asked for), so loading the page often costs one fetch per window, and one walk of
 * the log per new head, however many environments it lists.
 */
final class BranchOverviews {

    /** How long a fetched head is used before the remote is asked again. */
    static final Duration FRESHNESS = Duration.ofSeconds(5);

    private final WorkingClone clone;
    private final Clock clock;
    private Optional<Instant> fetchedAt = Optional.empty(); // guarded by this
    private Optional<Read> last = Optional.empty(); // guarded by this

    private record Read(Optional<ObjectId> head, int deployments, BranchOverview overview) {}

    BranchOverviews(WorkingClone clone, Clock clock) {
        this.clone = clone;
        this.clock = clock;
    }

    /** The overview at the branch's head, each environment with at most {@code deployments} deployments. */
    synchronized BranchOverview overview(int deployments) {
        Instant now = clock.instant();
        boolean fresh = fetchedAt
                .filter(at -> !now.isBefore(at) && now.isBefore(at.plus(FRESHNESS)))
                .isPresent();
        Optional<ObjectId> head = fresh ? clone.knownHead() : clone.fetch();
        if (!fresh) {
            fetchedAt = Optional.of(now);
        }
        Optional<Read> same = last.filter(read -> read.head().equals(head) && read.deployments() == deployments);
        if (same.isPresent()) {
            return same.get().overview();
        }
        BranchOverview read = read(head, deployments);
        last = Optional.of(new Read(head, deployments, read));
        return read;
    }

    private BranchOverview read(Optional<ObjectId> head, int deployments) {
        if (head.isEmpty()) {
            return new BranchOverview(Optional.empty(), List.of());
        }
        Repository repo = clone.repository();
        try {
            List<Target> folders = folders(repo, head.get());
            Map<Target, List<DeploymentCommit>> newest = BranchLog.newest(repo, head.get(), folders, deployments);
            return new BranchOverview(
                    head.map(ObjectId::name),
                    folders.stream()
                            .map(target -> new BranchOverview.Environment(target, newest.get(target)))
                            .toList());
        } catch (IOException e) {
            throw new GitOpsException("reading the environments of the GitOps repository and their deployments", e);
        }
    }

    /**
     * The environment folders {@code apps/<app>/<env>/} at {@code head}, ordered by app, then environment. A folder
     * whose names are not DNS-1123 labels (or make too long a {@code <app>-<env>}) was not written by pitapat and is
     * left out.
     */
    static List<Target> folders(Repository repo, ObjectId head) throws IOException {
        List<Target> found = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo);
                TreeWalk tree = new TreeWalk(repo)) {
            tree.addTree(walk.parseCommit(head).getTree());
            tree.setFilter(PathFilter.create("apps"));
            while (tree.next()) {
                if (!tree.isSubtree()) {
                    continue;
                }
                if (tree.getDepth() < 2) {
                    tree.enterSubtree(); // apps/, then apps/<app>/
                    continue;
                }
                String[] names = tree.getPathString().split("/");
                AppName.parse(names[1])
                        .toOptional()
                        .flatMap(app -> EnvName.parse(names[2])
                                .toOptional()
                                .flatMap(env -> Target.of(app, env).toOptional()))
                        .ifPresent(found::add);
            }
        }
        found.sort(Comparator.comparing((Target t) -> t.app().value())
                .thenComparing(t -> t.env().value()));
        return found;
    }
}
