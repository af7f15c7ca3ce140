package dev.pitapat.store;

import java.time.Instant;

/**
 * The onboarding pull request offered to a repository: the one pitapat ever opens there.
 *
 * @param repo the repository as it was named then, {@code owner/name}
 * @param pullRequest the pull request's number
 * @param offeredAt when it was recorded (kept to the millisecond)
 */
public record OnboardingOffer(String repo, int pullRequest, Instant offeredAt) {}
