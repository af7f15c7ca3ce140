package dev.pitapat.github;

/**
 * One submitted review of a pull request, as GitHub lists them (oldest first).
 *
 * @param state GitHub's word: {@code APPROVED}, {@code CHANGES_REQUESTED}, {@code COMMENTED}, {@code DISMISSED}
 * @param commitId the head commit the review was given on
 */
public record Review(String reviewer, String state, String commitId) {}
