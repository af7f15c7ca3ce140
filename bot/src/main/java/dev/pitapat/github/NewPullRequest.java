package dev.pitapat.github;

/**
 * A pull request to open ({@code POST /repos/{owner}/{repo}/pulls}), from a branch of the repository itself.
 *
 * @param title its title
 * @param head the branch with the changes, in the same repository
 * @param base the branch the changes are pulled into, such as the default branch
 * @param body its description, Markdown
 */
public record NewPullRequest(String title, String head, String base, String body) {}
