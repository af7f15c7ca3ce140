/**
 * The onboarding pull request: when the App is installed on a repository without {@code .github/pitapat.yml}, one
 * pull request proposing a commented file detected from the repository (its name, its Dockerfile's port, an obvious
 * health path), at most once per repository ever. Used by {@code webhook}; uses {@code config} (the proposal passes
 * pitapat's own validation), {@code github} and {@code store}.
 */
@NullMarked
package dev.pitapat.onboard;

import org.jspecify.annotations.NullMarked;
