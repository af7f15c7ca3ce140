package dev.pitapat.deploy;

import dev.pitapat.model.Sha;

/**
 * How reports show a GitOps commit: a link to it on GitHub when the GitOps repository is a repository of the
 * App's GitHub, otherwise its abbreviated sha.
 */
final class GitOpsLinks {

    private final GitHubLinks links;

    GitOpsLinks(GitHubLinks links) {
        this.links = links;
    }

    /** Markdown: {@code [`4e1f0a2`](https://github.com/acme/gitops/commit/4e1f…)} or {@code `4e1f0a2`}. */
    String commit(Sha commit) {
        String shown = "`" + commit.abbreviated() + "`";
        return links.gitopsCommit(commit)
                .map(page -> "[" + shown + "](" + page + ")")
                .orElse(shown);
    }
}
