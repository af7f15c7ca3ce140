/**
 * Values checked once and trusted afterwards: names that reach paths, manifests and log lines
 * ({@link dev.pitapat.model.AppName}, {@link dev.pitapat.model.EnvName}), commit ids, revisions, and the
 * helpers that keep secrets out of text. Depends on no other pitapat package.
 */
@NullMarked
package dev.pitapat.model;

import org.jspecify.annotations.NullMarked;
