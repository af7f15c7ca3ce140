package dev.pitapat.github;

import java.net.URI;

/**
 * Where people see a repository on GitHub ({@code <web>/<owner>/<repo>}; its commits and pull requests are pages
 * under it): the App's GitHub ({@link GitHubProperties#webUrl()}), or for the example repository on a first run,
 * the local stand-in's pages. Asked when a link is made: the stand-in knows its port only once the web server has
 * started.
 */
@FunctionalInterface
public interface GitHubWeb {
    /** The repository's page, {@code owner/repo}. */
    URI repository(String repo);
}
