package dev.pitapat.store;

import java.time.Duration;
import java.util.Optional;

/**
 * The onboarding pull requests offered, at most one per repository ever, shared by every replica: a durable record
 * per repository ("offered: pull request #n at time"), kept for good, and a claim that lets one worker at a time
 * open it. Repositories are named by GitHub's id, which a rename or a transfer keeps. Implementations: {@link
 * RedisOnboardingOffers} and {@link InMemoryOnboardingOffers}; both pass the same contract tests.
 *
 * <p>The claim comes before the pull request: a worker claims, opens it, then records it, which ends the claim. A
 * worker that fails releases its claim, so that the next event tries again; one that dies holding it keeps it for
 * at most its ttl, and meanwhile only it (the same holder, such as the same delivery handled again) can take it up.
 *
 * <p>Ids are positive and holders 1 to 200 printable ASCII characters without spaces; anything else throws {@link
 * IllegalArgumentException}. Every method throws {@link StoreUnavailableException} when the store cannot answer
 * (Redis down); then nothing was changed.
 */
public interface OnboardingOffers {

    /** The pull request offered to the repository, if one was recorded. */
    Optional<OnboardingOffer> offered(long repositoryId);

    /**
     * Claims the right to open the repository's onboarding pull request, for {@code ttl} from now: true when no offer
     * is recorded and no other holder's claim is live. A holder claiming again extends its claim.
     */
    boolean claim(long repositoryId, String holder, Duration ttl);

    /**
     * Records the offer and ends the repository's claim, atomically. An offer recorded before stays as it is (the
     * first wins): true when this call recorded it.
     */
    boolean record(long repositoryId, OnboardingOffer offer);

    /** Ends the holder's claim without an offer; false when it held none (then nothing changes). */
    boolean release(long repositoryId, String holder);
}
