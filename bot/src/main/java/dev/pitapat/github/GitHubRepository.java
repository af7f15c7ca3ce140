package dev.pitapat.github;

import dev.pitapat.model.RepoRef;

/**
 * A repository as GitHub reports it now ({@code GET /repos/{owner}/{repo}}).
 *
 * @param repo its owner and name as GitHub spells them now
 * @param id GitHub's id of the repository, which a rename or a transfer keeps
 * @param defaultBranch the branch pull requests go to by default, such as {@code main}
 * @param archived whether it is archived: read-only, no branch or pull request can be made in it
 */
public record GitHubRepository(RepoRef repo, long id, String defaultBranch, boolean archived) {}
