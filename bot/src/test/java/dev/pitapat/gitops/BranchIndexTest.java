package dev.pitapat.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.model.AppName;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Sha;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The index answers what walking the log answers. Histories are drawn at random (seeded): pitapat commits
 * from several repositories, commits without trailers or with some of them, folders removed, and branches
 * merged back with either side's folders or a mix, while the head moves forward, sideways and back; after
 * each move the index must agree with {@link BranchLog} for every app and know every deployment id.
 */
class BranchIndexTest {

    private static final List<String> APPS = List.of("alpha", "bravo", "charlie", "delta", "echo");
    private static final List<String> REPOSITORIES = List.of("acme/one", "acme/two", "other/three");

    @TempDir
    Path tmp;

    private int clock; // seconds since the first commit: the dates only ever go forward

    /** A commit drawn by the test, with the files of its tree and the deployment id it carries. */
    private record Drawn(ObjectId id, Map<String, String> files, Optional<String> deployment) {}

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void agreesWithWalkingTheLogWhereverTheHeadMoves(long seed) throws Exception {
        Random random = new Random(seed);
        try (Git git = Git.init().setBare(true).setDirectory(tmp.toFile()).call();
                ObjectInserter inserter = git.getRepository().newObjectInserter()) {
            Repository repo = git.getRepository();
            BranchIndex index = new BranchIndex();
            List<Drawn> all = new ArrayList<>();
            List<Drawn> tips = new ArrayList<>();
            Drawn root = commit(inserter, List.of(), Map.of("README.md", "hello"), "root", Optional.empty());
            all.add(root);
            tips.add(root);
            tips.add(root);
            tips.add(root);
            for (int step = 0; step < 60; step++) {
                int branch = random.nextInt(tips.size());
                Drawn next = draw(inserter, random, tips, branch, step);
                tips.set(branch, next);
                all.add(next);
                if (random.nextInt(3) == 0) {
                    // the branch's head: mostly branch 0 moving forward, sometimes another branch or an old commit
                    Drawn head = random.nextInt(4) > 0 ? tips.get(0) : all.get(random.nextInt(all.size()));
                    index.advanceTo(repo, Optional.of(head.id()));
                    assertAgrees(repo, index, head.id(), all);
                }
            }
            index.advanceTo(repo, Optional.of(tips.get(0).id()));
            assertAgrees(repo, index, tips.get(0).id(), all);
            BranchIndex fresh = new BranchIndex();
            fresh.advanceTo(repo, Optional.of(tips.get(0).id()));
            assertAgrees(repo, fresh, tips.get(0).id(), all);
        }
    }

    @Test
    void anAppClaimedOnABranchMergedWithItsFolderBelongsToThatBranchsRepository() throws Exception {
        try (Git git = Git.init().setBare(true).setDirectory(tmp.toFile()).call();
                ObjectInserter inserter = git.getRepository().newObjectInserter()) {
            Repository repo = git.getRepository();
            Drawn root = commit(inserter, List.of(), Map.of("README.md", "x"), "root", Optional.empty());
            BranchIndex index = new BranchIndex();
            index.advanceTo(repo, Optional.of(root.id()));
            Drawn side = pitapat(inserter, List.of(root), root.files(), "alpha", "other/three", 1, "side");
            Drawn main = pitapat(inserter, List.of(root), root.files(), "alpha", "acme/one", 2, "main");
            Drawn merge = commit(inserter, List.of(main.id(), side.id()), side.files(), "merge side", Optional.empty());

            index.advanceTo(repo, Optional.of(merge.id()));

            assertThat(index.ownerOf(repo, new AppName("alpha"))).contains("other/three");
            assertThat(BranchLog.ownerAt(repo, merge.id(), "alpha")).contains("other/three");
        }
    }

    @Test
    void knowsNoDeploymentIdTheBranchDoesNotCarry() throws Exception {
        try (Git git = Git.init().setBare(true).setDirectory(tmp.toFile()).call();
                ObjectInserter inserter = git.getRepository().newObjectInserter()) {
            Repository repo = git.getRepository();
            Drawn root = commit(inserter, List.of(), Map.of(), "root", Optional.empty());
            Drawn one = pitapat(inserter, List.of(root), Map.of(), "alpha", "acme/one", 1, "one");
            BranchIndex index = new BranchIndex();

            index.advanceTo(repo, Optional.of(one.id()));

            assertThat(index.mayHaveCommitted(GitOpsRig.id(1))).isTrue();
            assertThat(index.mayHaveCommitted(GitOpsRig.id(2))).isFalse();
            index.advanceTo(repo, Optional.of(root.id()));
            assertThat(index.mayHaveCommitted(GitOpsRig.id(1))).isFalse();
            index.advanceTo(repo, Optional.empty());
            assertThat(index.head()).isEmpty();
            assertThat(index.ownerOf(repo, new AppName("alpha"))).isEmpty();
        }
    }

    private static void assertAgrees(Repository repo, BranchIndex index, ObjectId head, List<Drawn> all)
            throws IOException {
        assertThat(index.head()).contains(head);
        for (String app : APPS) {
            assertThat(index.ownerOf(repo, new AppName(app)))
                    .as("owner of %s at %s", app, head.name())
                    .isEqualTo(BranchLog.ownerAt(repo, head, app));
        }
        Set<ObjectId> reachable = new HashSet<>();
        try (RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(head));
            for (RevCommit c : walk) {
                reachable.add(c.copy());
            }
        }
        for (Drawn drawn : all) {
            drawn.deployment()
                    .filter(id -> reachable.contains(drawn.id()))
                    .ifPresent(id -> assertThat(index.mayHaveCommitted(new DeploymentId(id)))
                            .as("deployment %s on %s", id, drawn.id().name())
                            .isTrue());
        }
    }

    /** One more commit on {@code tips[branch]}: a deploy, an undeploy, a commit by hand, or a merge. */
    private Drawn draw(ObjectInserter inserter, Random random, List<Drawn> tips, int branch, int n) throws IOException {
        Drawn tip = tips.get(branch);
        String app = APPS.get(random.nextInt(APPS.size()));
        String source = REPOSITORIES.get(random.nextInt(REPOSITORIES.size()));
        Map<String, String> files = new TreeMap<>(tip.files());
        switch (random.nextInt(7)) {
            case 0, 1, 2 -> {
                return pitapat(inserter, List.of(tip), files, app, source, 1000 + n, "v" + n);
            }
            case 3 -> {
                files.keySet().removeIf(path -> path.startsWith("apps/" + app + "/"));
                return commit(
                        inserter, List.of(tip.id()), files, message(app, source, 1000 + n), Optional.of(id(1000 + n)));
            }
            case 4 -> {
                // by hand: no trailers, or only some of them
                files.put("apps/" + app + "/staging/notes.txt", "n" + n);
                boolean some = random.nextBoolean();
                return commit(
                        inserter,
                        List.of(tip.id()),
                        files,
                        some ? "edit\n\nPitapat-Deployment: " + id(1000 + n) + "\n" : "edit by hand",
                        some ? Optional.of(id(1000 + n)) : Optional.empty());
            }
            default -> {
                Drawn other = tips.get((branch + 1 + random.nextInt(tips.size() - 1)) % tips.size());
                if (other.id().equals(tip.id())) {
                    return pitapat(inserter, List.of(tip), files, app, source, 1000 + n, "v" + n);
                }
                // merged with ours, theirs, or each app's folder from either side
                Map<String, String> merged = new TreeMap<>();
                int how = random.nextInt(3);
                for (String a : APPS) {
                    Map<String, String> side = how == 0 || (how == 2 && random.nextBoolean()) ? files : other.files();
                    side.forEach((path, content) -> {
                        if (path.startsWith("apps/" + a + "/")) {
                            merged.put(path, content);
                        }
                    });
                }
                merged.put("README.md", "merged " + n);
                boolean trailers = random.nextInt(4) == 0;
                return commit(
                        inserter,
                        List.of(tip.id(), other.id()),
                        merged,
                        trailers ? message(app, source, 1000 + n) : "merge",
                        trailers ? Optional.of(id(1000 + n)) : Optional.empty());
            }
        }
    }

    private Drawn pitapat(
            ObjectInserter inserter,
            List<Drawn> parents,
            Map<String, String> base,
            String app,
            String source,
            int n,
            String content)
            throws IOException {
        Map<String, String> files = new TreeMap<>(base);
        files.put("apps/" + app + "/staging/a.yaml", content);
        return commit(
                inserter, parents.stream().map(Drawn::id).toList(), files, message(app, source, n), Optional.of(id(n)));
    }

    private static String message(String app, String source, int n) {
        return new Change(
                        GitOpsRig.target(app, "staging"),
                        Map.of("a.yaml", new byte[] {'x'}),
                        Action.DEPLOY,
                        new SourceRef(source, new Sha("6dcb09b5b57875f334f61aebed695e2e4193db5e")),
                        GitOpsRig.id(n),
                        "alice")
                .message();
    }

    private static String id(int n) {
        return GitOpsRig.id(n).value();
    }

    private Drawn commit(
            ObjectInserter inserter,
            List<ObjectId> parents,
            Map<String, String> files,
            String message,
            Optional<String> deployment)
            throws IOException {
        PersonIdent ident = new PersonIdent(
                new PersonIdent("t", "t@example.com"),
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(++clock),
                ZoneOffset.UTC);
        ObjectId id = GitOpsRig.writeCommit(inserter, parents, files, message, ident);
        return new Drawn(id, Map.copyOf(files), deployment);
    }
}
