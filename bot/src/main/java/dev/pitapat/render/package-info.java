/**
 * Rendering: a repository's config, a target and a sha become the manifests of one {@code apps/<app>/<env>}
 * folder ({@link dev.pitapat.render.ManifestRenderer}). The templates under {@code gitops-templates/app/} are
 * read as YAML trees and filled in code, never by pasting text. Also the {@code render} preview command
 * ({@link dev.pitapat.render.RenderCommand}). Depends only on {@code config} and {@code model}.
 */
@NullMarked
package dev.pitapat.render;

import org.jspecify.annotations.NullMarked;
