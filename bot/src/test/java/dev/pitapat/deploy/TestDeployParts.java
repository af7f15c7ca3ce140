package dev.pitapat.deploy;

import dev.pitapat.store.DeployRecords;
import java.net.URI;
import java.util.Optional;

/** The deploy package's read-only parts, for tests of other packages that use them without Spring. */
public final class TestDeployParts {

    private TestDeployParts() {}

    public static ProgressRecords progressRecords(DeployRecords records) {
        return new ProgressRecords(records);
    }

    /** Links to github.com; the GitOps repository is a local one, with no page. */
    public static GitHubLinks gitHubComLinks() {
        return new GitHubLinks(repo -> URI.create("https://github.com/" + repo), Optional.empty());
    }
}
