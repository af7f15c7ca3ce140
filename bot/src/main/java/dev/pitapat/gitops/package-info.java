/**
 * The GitOps repository through JGit: a persistent working clone, one commit per environment folder
 * ({@code apps/<app>/<env>/}) with pitapat's trailers, pushes retried on top of a racing head, and the
 * deploy history read back from the log. Depends only on {@code model}.
 */
@NullMarked
package dev.pitapat.gitops;

import org.jspecify.annotations.NullMarked;
