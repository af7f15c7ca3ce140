package dev.pitapat.deploy;

import dev.pitapat.github.InstallationTokens;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import java.net.URI;
import java.util.Optional;

/**
 * How reports show a GitOps commit: a link to it on GitHub when the GitOps repository is a repository of the
 * App's GitHub, otherwise its abbreviated sha (a local or other repository has no page to link to).
 */
final class GitOpsLinks {

    private final Optional<URI> repositoryPage;

    GitOpsLinks(String gitopsRepo, URI apiUrl) {
        Optional<RepoRef> repo = InstallationTokens.repositoryAt(gitopsRepo, apiUrl);
        String web = apiUrl.getHost().startsWith("api.")
                ? apiUrl.getScheme() + "://" + apiUrl.getHost().substring("api.".length())
                : apiUrl.getScheme() + "://" + apiUrl.getAuthority();
        this.repositoryPage = repo.map(r -> URI.create(web + "/" + r.fullName()));
    }

    /** Markdown: {@code [`4e1f0a2`](https://github.com/acme/gitops/commit/4e1f…)} or {@code `4e1f0a2`}. */
    String commit(Sha commit) {
        String shown = "`" + commit.abbreviated() + "`";
        return repositoryPage
                .map(page -> "[" + shown + "](" + page + "/commit/" + commit.value() + ")")
                .orElse(shown);
    }
}
