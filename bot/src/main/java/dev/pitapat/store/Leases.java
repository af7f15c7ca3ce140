package dev.pitapat.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Roles one replica plays at a time, shared by every replica: a named lease held by one holder until it lapses.
 * Implementations: {@link RedisLeases} and {@link InMemoryLeases} (one replica); both pass the same contract
 * tests.
 *
 * <p>Names and holders are 1 to 200 printable ASCII characters without spaces, and a ttl is at least one
 * millisecond; anything else throws {@link IllegalArgumentException}. A holder that stops extending its lease
 * (it died) keeps the role for at most the ttl.
 *
 * <p>Every method throws {@link StoreUnavailableException} when the store cannot answer (Redis down); then
 * nothing was changed.
 */
public interface Leases {

    /**
     * Takes the lease {@code name} for {@code holder} when nobody holds it, or extends it when {@code holder}
     * already does; true when {@code holder} holds it for {@code ttl} from now.
     */
    boolean hold(String name, String holder, Duration ttl);

    /** Gives it up if {@code holder} holds it; false otherwise (then nothing changes). */
    boolean release(String name, String holder);

    /** Who holds it now, if anyone. */
    Optional<String> holder(String name);
}
