/**
 * GitHub: the App's authentication (JWT, installation tokens), comments, reactions, check runs and
 * deployments, behind {@link dev.pitapat.github.GitHubGateway}.
 */
@NullMarked
package dev.pitapat.github;

import org.jspecify.annotations.NullMarked;
