package dev.pitapat.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded default: role leases of this process only, lost with it. Time comes from the injected
 * {@link Clock}; a lease whose ttl is up counts as free from that instant on.
 */
public final class InMemoryLeases implements Leases {

    private final Clock clock;
    private final Map<String, Held> leases = new HashMap<>();

    public InMemoryLeases(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized boolean hold(String name, String holder, Duration ttl) {
        Text.asciiWord("a lease name", name);
        Text.asciiWord("a lease holder", holder);
        long millis = Text.ttlMillis(ttl);
        Instant now = clock.instant();
        Optional<Held> held = live(name, now);
        if (held.isPresent() && !held.get().holder().equals(holder)) {
            return false;
        }
        leases.put(name, new Held(holder, now.plusMillis(millis)));
        return true;
    }

    @Override
    public synchronized boolean release(String name, String holder) {
        Text.asciiWord("a lease name", name);
        Text.asciiWord("a lease holder", holder);
        if (live(name, clock.instant()).filter(h -> h.holder().equals(holder)).isEmpty()) {
            return false;
        }
        leases.remove(name);
        return true;
    }

    @Override
    public synchronized Optional<String> holder(String name) {
        Text.asciiWord("a lease name", name);
        return live(name, clock.instant()).map(Held::holder);
    }

    /** The lease in force; one whose ttl is up is forgotten. */
    private Optional<Held> live(String name, Instant now) {
        Held held = leases.get(name);
        if (held != null && !now.isBefore(held.expiresAt())) {
            leases.remove(name);
            return Optional.empty();
        }
        return Optional.ofNullable(held);
    }

    private record Held(String holder, Instant expiresAt) {}
}
