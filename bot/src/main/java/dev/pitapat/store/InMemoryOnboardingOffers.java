package dev.pitapat.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded default: the onboarding offers of this process only, lost with it (the GitHub side still shows the
 * pull requests opened: pitapat looks there too). Claims lapse on the injected {@link Clock}.
 */
public final class InMemoryOnboardingOffers implements OnboardingOffers {

    private final Clock clock;
    private final Map<Long, OnboardingOffer> offers = new HashMap<>();
    private final Map<Long, Held> claims = new HashMap<>();

    public InMemoryOnboardingOffers(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<OnboardingOffer> offered(long repositoryId) {
        return Optional.ofNullable(offers.get(Text.repositoryId(repositoryId)));
    }

    @Override
    public synchronized boolean claim(long repositoryId, String holder, Duration ttl) {
        Text.repositoryId(repositoryId);
        Text.asciiWord("a claim holder", holder);
        long millis = Text.ttlMillis(ttl);
        if (offers.containsKey(repositoryId)) {
            return false;
        }
        Instant now = clock.instant();
        Held held = claims.get(repositoryId);
        if (held != null && now.isBefore(held.expiresAt()) && !held.holder().equals(holder)) {
            return false;
        }
        claims.put(repositoryId, new Held(holder, now.plusMillis(millis)));
        return true;
    }

    @Override
    public synchronized boolean record(long repositoryId, OnboardingOffer offer) {
        Text.repositoryId(repositoryId);
        OnboardingOffer kept = Text.offer(offer);
        claims.remove(repositoryId);
        return offers.putIfAbsent(repositoryId, kept) == null;
    }

    @Override
    public synchronized boolean release(long repositoryId, String holder) {
        Text.repositoryId(repositoryId);
        Text.asciiWord("a claim holder", holder);
        Held held = claims.get(repositoryId);
        if (held == null
                || !clock.instant().isBefore(held.expiresAt())
                || !held.holder().equals(holder)) {
            return false;
        }
        claims.remove(repositoryId);
        return true;
    }

    private record Held(String holder, Instant expiresAt) {}
}
