package dev.pitapat.deploy;

import dev.pitapat.github.GitHubProperties;
import dev.pitapat.github.GitHubWeb;
import dev.pitapat.github.InstallationTokens;
import dev.pitapat.gitops.GitOpsProperties;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import java.net.URI;
import java.util.Optional;

/**
 * Where people see a deploy's parts on the App's GitHub ({@link GitHubWeb}: the stand-in's pages on a first run):
 * an app repository's commits and pull requests, and a GitOps commit when the GitOps repository is a repository
 * of that GitHub (a local or other repository has no page to link to).
 */
public final class GitHubLinks {

    private final GitHubWeb web;
    private final Optional<RepoRef> gitopsRepo;

    GitHubLinks(GitHubWeb web, Optional<RepoRef> gitopsRepo) {
        this.web = web;
        this.gitopsRepo = gitopsRepo;
    }

    static GitHubLinks of(GitHubWeb web, GitHubProperties app, GitOpsProperties gitops) {
        return new GitHubLinks(web, InstallationTokens.repositoryAt(gitops.repo(), app.apiUrl()));
    }

    /** A repository ({@code owner/repo}). */
    public URI repository(String repo) {
        return web.repository(repo);
    }

    /** A commit of {@code repo} ({@code owner/repo}). */
    public URI commit(String repo, Sha sha) {
        return URI.create(repository(repo) + "/commit/" + sha.value());
    }

    /** A pull request of {@code repo} ({@code owner/repo}). */
    public URI pullRequest(String repo, int number) {
        return URI.create(repository(repo) + "/pull/" + number);
    }

    /** A commit of the GitOps repository, when it is on this GitHub. */
    public Optional<URI> gitopsCommit(Sha commit) {
        return gitopsRepo.map(repo -> commit(repo.fullName(), commit));
    }
}
