package dev.pitapat.store;

import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The embedded default: locks, leases, lines and pins of this process only, lost with it. Time comes from
 * the injected {@link Clock}; a lease or waiter whose time is up counts as gone from that instant on.
 */
public final class InMemoryEnvironmentLocks implements EnvironmentLocks {

    private final Clock clock;
    private final TreeMap<Target, FreezeLock> locks =
            new TreeMap<>(Comparator.comparing((Target t) -> t.app().value())
                    .thenComparing(t -> t.env().value()));
    private final Map<Target, Lease> leases = new HashMap<>();
    private final Map<Target, LinkedHashMap<String, Instant>> lines = new HashMap<>();
    private final Map<Target, Pin> pins = new HashMap<>();

    public InMemoryEnvironmentLocks(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized LockOutcome lock(Target target, String by, String reason, Instant at) {
        Text.word("login", by);
        Optional<String> why = Text.reason(reason);
        Instant when = Text.millis(at);
        FreezeLock held = locks.get(target);
        if (held == null) {
            FreezeLock lock = new FreezeLock(target.app().value(), target.env().value(), by, when, why);
            locks.put(target, lock);
            return new LockOutcome.Locked(lock);
        }
        if (!sameLogin(held.by(), by)) {
            return new LockOutcome.HeldByOther(held);
        }
        FreezeLock relocked = new FreezeLock(held.app(), held.env(), held.by(), held.at(), why.or(held::reason));
        locks.put(target, relocked);
        return new LockOutcome.Relocked(relocked);
    }

    @Override
    public synchronized Optional<FreezeLock> unlock(Target target) {
        return Optional.ofNullable(locks.remove(target));
    }

    @Override
    public synchronized Optional<FreezeLock> lockOf(Target target) {
        return Optional.ofNullable(locks.get(target));
    }

    @Override
    public synchronized List<FreezeLock> locks() {
        return List.copyOf(locks.values());
    }

    @Override
    public synchronized List<FreezeLock> locksOf(AppName app) {
        return locks.values().stream().filter(l -> l.app().equals(app.value())).toList();
    }

    @Override
    public synchronized Optional<Lease> tryAcquire(Target target, String holder, Duration ttl) {
        Text.label("holder", holder);
        long millis = Text.ttlMillis(ttl);
        Instant now = now();
        LinkedHashMap<String, Instant> line = liveLine(target, now);
        boolean othersFirst = !line.isEmpty() && !line.firstEntry().getKey().equals(holder);
        if (othersFirst || liveLease(target, now).isPresent()) {
            return Optional.empty();
        }
        line.remove(holder);
        Lease lease = new Lease(
                target.app().value(),
                target.env().value(),
                holder,
                UUID.randomUUID().toString(),
                now,
                now.plusMillis(millis));
        leases.put(target, lease);
        return Optional.of(lease);
    }

    @Override
    public synchronized boolean renew(Lease lease, Duration ttl) {
        Target target = targetOf(lease);
        long millis = Text.ttlMillis(ttl);
        Instant now = now();
        Optional<Lease> current = liveLease(target, now).filter(l -> l.token().equals(lease.token()));
        current.ifPresent(l -> leases.put(target, withExpiry(l, now.plusMillis(millis))));
        return current.isPresent();
    }

    @Override
    public synchronized boolean release(Lease lease) {
        Target target = targetOf(lease);
        Optional<Lease> current = liveLease(target, now()).filter(l -> l.token().equals(lease.token()));
        current.ifPresent(l -> leases.remove(target));
        return current.isPresent();
    }

    @Override
    public synchronized Optional<Lease> leaseOf(Target target) {
        return liveLease(target, now());
    }

    @Override
    public synchronized int joinLine(Target target, String holder, Duration ttl) {
        Text.label("holder", holder);
        long millis = Text.ttlMillis(ttl);
        Instant now = now();
        LinkedHashMap<String, Instant> line = liveLine(target, now);
        line.put(holder, now.plusMillis(millis)); // an existing key keeps its place in a LinkedHashMap
        lines.put(target, line);
        return new ArrayList<>(line.keySet()).indexOf(holder) + 1;
    }

    @Override
    public synchronized boolean leaveLine(Target target, String holder) {
        Text.label("holder", holder);
        return liveLine(target, now()).remove(holder) != null;
    }

    @Override
    public synchronized List<String> waiting(Target target) {
        return List.copyOf(liveLine(target, now()).keySet());
    }

    @Override
    public synchronized Pin pin(Target target, String by, String revision, Instant at) {
        Pin pin = new Pin(
                target.app().value(),
                target.env().value(),
                Text.word("login", by),
                Text.word("revision", revision),
                Text.millis(at));
        pins.put(target, pin);
        return pin;
    }

    @Override
    public synchronized Optional<Pin> unpin(Target target) {
        return Optional.ofNullable(pins.remove(target));
    }

    @Override
    public synchronized Optional<Pin> pinOf(Target target) {
        return Optional.ofNullable(pins.get(target));
    }

    private Optional<Lease> liveLease(Target target, Instant now) {
        Lease lease = leases.get(target);
        if (lease != null && !now.isBefore(lease.expiresAt())) {
            leases.remove(target);
            return Optional.empty();
        }
        return Optional.ofNullable(lease);
    }

    /** The target's line without the waiters whose time is up; empty lines are forgotten. */
    private LinkedHashMap<String, Instant> liveLine(Target target, Instant now) {
        LinkedHashMap<String, Instant> line = lines.getOrDefault(target, new LinkedHashMap<>());
        line.values().removeIf(deadline -> !now.isBefore(deadline));
        if (line.isEmpty()) {
            lines.remove(target);
        }
        return line;
    }

    private Instant now() {
        return Text.millis(clock.instant());
    }

    /** The target a lease was taken on; its names were valid when it was taken. */
    private static Target targetOf(Lease lease) {
        return new Target(new AppName(lease.app()), new EnvName(lease.env()));
    }

    private static Lease withExpiry(Lease lease, Instant expiresAt) {
        return new Lease(lease.app(), lease.env(), lease.holder(), lease.token(), lease.acquiredAt(), expiresAt);
    }

    /** GitHub logins ignore case. */
    static boolean sameLogin(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }
}
