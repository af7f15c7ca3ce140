package dev.pitapat.deploy;

import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Permission;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.store.DeployRecords;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/** The deploy package's read-only parts, for tests of other packages that use them without Spring. */
public final class TestDeployParts {

    private TestDeployParts() {}

    public static ProgressRecords progressRecords(DeployRecords records) {
        return new ProgressRecords(records);
    }

    /**
     * Stores the record of deploy {@code id} of {@code sha} to {@code target}, followed in the cluster until it was
     * healthy after {@code promoter} promoted it at {@code at}: what the status page and {@code /history} read.
     */
    public static void followedToHealthy(
            ProgressRecords records, DeploymentId id, Target target, Sha sha, String promoter, Instant at) {
        DeployRequest.Deploy deploy = new DeployRequest.Deploy(
                new DeployRequest.Ask(
                        id,
                        target,
                        new RepoRef("acme", target.app().value()),
                        1,
                        "main",
                        new DeployRequest.Origin.Command(7, "alice", Permission.WRITE, Optional.empty()),
                        false),
                sha,
                false,
                Optional.empty());
        Sha commit = new Sha("1111111111111111111111111111111111111111");
        Following.Act promoted = new Following.Act(Optional.of(promoter), at, Optional.empty());
        Progress progress = Progress.accepted(deploy, Optional.of(sha), at)
                .running(at)
                .following(
                        new Outcome.Committed(commit, sha, Optional.empty(), false),
                        Following.of(commit, at, Optional.empty(), false),
                        at);
        Following f = progress.following().orElseThrow();
        progress = progress.followed(
                f.with(Optional.of(at), Optional.of(at), Optional.of(promoted), "")
                        .ended(new Following.End.Healthy()),
                at);
        records.create(progress);
        records.save(progress);
    }

    /** Links to github.com; the GitOps repository is a local one, with no page. */
    public static GitHubLinks gitHubComLinks() {
        return new GitHubLinks(repo -> URI.create("https://github.com/" + repo), Optional.empty());
    }
}
