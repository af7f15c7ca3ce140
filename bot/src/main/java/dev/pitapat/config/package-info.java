/**
 * The repository config, {@code .github/pitapat.yml}: its typed model ({@link dev.pitapat.config.RepoConfig}),
 * the defaults of a missing file, and {@link dev.pitapat.config.RepoConfigs}, which reads the policy keys from
 * the default branch and the app keys from the deployed commit and checks both as untrusted input. Depends
 * only on {@code model}.
 */
@NullMarked
package dev.pitapat.config;

import org.jspecify.annotations.NullMarked;
