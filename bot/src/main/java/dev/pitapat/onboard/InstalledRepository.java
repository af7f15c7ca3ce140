package dev.pitapat.onboard;

import dev.pitapat.model.RepoRef;

/**
 * A repository the App was just installed on, as an {@code installation} or {@code installation_repositories}
 * event lists it.
 *
 * @param id GitHub's id of the repository, which a rename or a transfer keeps: what "once per repository" counts
 * @param repo its owner and name
 */
public record InstalledRepository(long id, RepoRef repo) {}
