package dev.pitapat.gitops;

import dev.pitapat.model.AppName;
import dev.pitapat.model.Checked;
import dev.pitapat.model.DeploymentId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * What the branch's log says about owners and deployment ids, kept in memory so that a commit does not walk
 * the history: the owner of each app (the {@code Pitapat-Source} of the oldest commit with complete trailers
 * that changed {@code apps/<app>}, as {@link BranchLog#ownerAt} would find) and every {@code
 * Pitapat-Deployment} id on the branch.
 *
 * <p>It follows the branch's head: {@link #advanceTo} reads only the commits that are new since the head it
 * knew (normally the one commit the bot pushed, or what a fetch brought, whoever made them), and reads the
 * whole log again when the new head does not descend from the old one along first parents (the branch was
 * rewritten or force-pushed). Owners are decided along the first-parent history; where a merge changed an
 * app's folder, Git's history simplification may follow the merged branch instead, so that app's owner is
 * walked for ({@link BranchLog#ownerAt} at the merge) when first asked. A deployment id found here is
 * confirmed by a walk of its folder; one not found here is on no commit of the branch.
 *
 * <p>Not thread-safe: {@link GitOpsWriter} uses it under its branch lock.
 */
final class BranchIndex {

    /** An app's owner as the first-parent history says it. */
    private sealed interface Owner {
        record Known(String repository) implements Owner {}

        /**
         * A merge changed the app's folder: the owner is what the walk up to {@code merge} finds, or else the
         * first claim after it on the first-parent history.
         */
        record AtMerge(ObjectId merge, Optional<String> laterClaim) implements Owner {}
    }

    private Optional<ObjectId> head = Optional.empty();
    private final Map<String, Owner> owners = new HashMap<>();
    private final DeploymentIds deployments = new DeploymentIds();

    /** The head this index describes; empty before the first {@link #advanceTo} or for an empty branch. */
    Optional<ObjectId> head() {
        return head;
    }

    /** Makes the index describe {@code newHead}; on failure it forgets everything and reads all again next. */
    void advanceTo(Repository repo, Optional<ObjectId> newHead) throws IOException {
        if (newHead.equals(head)) {
            return;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            if (newHead.isEmpty()) {
                forget();
                return;
            }
            RevCommit tip = walk.parseCommit(newHead.get());
            Optional<List<RevCommit>> chain = head.flatMap(h -> firstParentsSince(walk, tip, h));
            if (chain.isPresent()) {
                walk.markUninteresting(walk.parseCommit(head.get()));
            } else {
                forget();
            }
            walk.markStart(tip);
            for (RevCommit commit : walk) {
                CommitTrailers.deploymentOf(commit)
                        .map(DeploymentId::parse)
                        .flatMap(Checked::toOptional)
                        .ifPresent(deployments::add);
                commit.disposeBody(); // a long history's messages need not stay in memory
            }
            List<RevCommit> oldestFirst = chain.orElseGet(() -> firstParentsSince(tip));
            for (RevCommit commit : oldestFirst.reversed()) {
                record(walk, commit);
            }
            head = newHead.map(ObjectId::copy);
        } catch (IOException | RuntimeException e) {
            forget();
            throw e;
        }
    }

    /** The owner of {@code app} at {@link #head()}: at most one walk, for an app a merge changed. */
    Optional<String> ownerOf(Repository repo, AppName app) throws IOException {
        Owner owner = owners.get(app.value());
        return switch (owner) {
            case null -> Optional.empty();
            case Owner.Known known -> Optional.of(known.repository());
            case Owner.AtMerge atMerge -> {
                Optional<String> resolved =
                        BranchLog.ownerAt(repo, atMerge.merge(), app.value()).or(atMerge::laterClaim);
                resolved.ifPresentOrElse(
                        r -> owners.put(app.value(), new Owner.Known(r)), () -> owners.remove(app.value()));
                yield resolved;
            }
        };
    }

    /** False when no commit of the branch carries {@code id}; true when one may (walk its folder to know). */
    boolean mayHaveCommitted(DeploymentId id) {
        return deployments.contains(id);
    }

    private void forget() {
        head = Optional.empty();
        owners.clear();
        deployments.clear();
    }

    /** Records who claims the apps that {@code commit} changed against its first parent. */
    private void record(RevWalk walk, RevCommit commit) throws IOException {
        Optional<RevCommit> parent = commit.getParentCount() == 0 ? Optional.empty() : Optional.of(commit.getParent(0));
        Set<String> apps = appsChanged(walk.getObjectReader(), commit, parent);
        if (apps.isEmpty()) {
            return;
        }
        if (commit.getParentCount() > 1) {
            for (String app : apps) {
                owners.put(app, new Owner.AtMerge(commit.copy(), Optional.empty()));
            }
            return;
        }
        walk.parseBody(commit);
        Optional<String> claim =
                CommitTrailers.parse(commit).map(d -> d.source().repository());
        commit.disposeBody();
        if (claim.isEmpty()) {
            return;
        }
        for (String app : apps) {
            owners.compute(app, (name, owner) -> switch (owner) {
                case null -> new Owner.Known(claim.get());
                case Owner.Known known -> known;
                case Owner.AtMerge(ObjectId merge, Optional<String> later) ->
                    new Owner.AtMerge(merge, later.or(() -> claim));
            });
        }
    }

    /** The first-parent chain from {@code tip} back to {@code stop}, newest first; empty if it never meets it. */
    private static Optional<List<RevCommit>> firstParentsSince(RevWalk walk, RevCommit tip, ObjectId stop) {
        List<RevCommit> chain = new ArrayList<>();
        try {
            for (RevCommit c = tip; !c.equals(stop); c = walk.parseCommit(c.getParent(0))) {
                chain.add(c);
                if (c.getParentCount() == 0) {
                    return Optional.empty();
                }
            }
        } catch (IOException e) {
            return Optional.empty(); // an old head whose history is gone: read everything again
        }
        return Optional.of(chain);
    }

    /** The whole first-parent chain from {@code tip}, newest first (its commits already parsed by the walk). */
    private static List<RevCommit> firstParentsSince(RevCommit tip) {
        List<RevCommit> chain = new ArrayList<>();
        for (RevCommit c = tip; ; c = c.getParent(0)) {
            chain.add(c);
            if (c.getParentCount() == 0) {
                return chain;
            }
        }
    }

    /** Names under {@code apps/} whose entry differs between the two commits' trees. */
    private static Set<String> appsChanged(ObjectReader reader, RevCommit commit, Optional<RevCommit> parent)
            throws IOException {
        Optional<ObjectId> now = appsTree(reader, commit.getTree());
        Optional<ObjectId> before =
                parent.isPresent() ? appsTree(reader, parent.get().getTree()) : Optional.empty();
        if (now.equals(before)) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        try (TreeWalk diff = new TreeWalk(reader)) {
            for (Optional<ObjectId> tree : List.of(now, before)) {
                if (tree.isPresent()) {
                    diff.addTree(tree.get());
                } else {
                    diff.addTree(new EmptyTreeIterator());
                }
            }
            diff.setRecursive(false);
            diff.setFilter(TreeFilter.ANY_DIFF);
            while (diff.next()) {
                names.add(diff.getNameString());
            }
        }
        return names;
    }

    private static Optional<ObjectId> appsTree(ObjectReader reader, ObjectId tree) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(reader, "apps", tree)) {
            if (walk == null || walk.getFileMode(0) != FileMode.TREE) {
                return Optional.empty();
            }
            return Optional.of(walk.getObjectId(0));
        }
    }
}
