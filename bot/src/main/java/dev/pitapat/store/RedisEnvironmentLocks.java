package dev.pitapat.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Locks, leases, lines and pins in Redis, shared by every replica. Keys, after the configured prefix, with
 * {@code <app>:<env>} as the target:
 *
 * <ul>
 *   <li>{@code lock:<target>}: hash {@code by, owner} (the login lower-cased){@code , at, reason}; no
 *       expiry. {@code locks}: sorted set of the locked targets, all scored 0, so one app's locks are a
 *       lexicographic range ({@code ZRANGEBYLEX}).
 *   <li>{@code lease:<target>}: hash {@code holder, token, acquired}, expiring by {@code PX} on the server.
 *   <li>{@code line:<target>}: sorted set of waiters scored by arrival, and {@code line:<target>:until}: hash
 *       waiter to the server time (ms) it drops out. Both expire with their longest-lived waiter.
 *   <li>{@code pin:<target>}: hash {@code by, revision, at}; no expiry.
 * </ul>
 *
 * Whatever reads and then writes is one Lua script ({@link EnvironmentScripts}); times written are epoch
 * milliseconds. The key names assume one Redis node (no cluster hash tags).
 */
final class RedisEnvironmentLocks implements EnvironmentLocks {

    private final RedisConnectionFactory factory;
    private final Clock clock;
    private final String prefix;
    private final byte[] locksKey;

    RedisEnvironmentLocks(RedisConnectionFactory factory, QueueProperties properties, Clock clock) {
        this.factory = factory;
        this.clock = clock;
        this.prefix = properties.keyPrefix();
        this.locksKey = bytes(prefix + "locks");
    }

    @Override
    public LockOutcome lock(Target target, String by, String reason, Instant at) {
        Text.word("login", by);
        String why = Text.reason(reason).orElse("");
        String when = Long.toString(Text.millis(at).toEpochMilli());
        String owner = by.toLowerCase(Locale.ROOT);
        List<Object> row = run(
                "locking " + name(target),
                c -> EnvironmentScripts.LOCK.runList(
                        c,
                        List.of(key("lock:", target), locksKey),
                        List.of(bytes(by), bytes(owner), bytes(when), bytes(why), bytes(name(target)))));
        FreezeLock lock = toFreezeLock(target, row.subList(1, 4));
        return switch (string(row.get(0))) {
            case "locked" -> new LockOutcome.Locked(lock);
            case "relocked" -> new LockOutcome.Relocked(lock);
            default -> new LockOutcome.HeldByOther(lock);
        };
    }

    @Override
    public Optional<FreezeLock> unlock(Target target) {
        List<Object> row = run(
                "unlocking " + name(target),
                c -> EnvironmentScripts.UNLOCK.runList(
                        c, List.of(key("lock:", target), locksKey), List.of(bytes(name(target)))));
        return row.isEmpty() ? Optional.empty() : Optional.of(toFreezeLock(target, row));
    }

    @Override
    public Optional<FreezeLock> lockOf(Target target) {
        List<byte[]> row = run(
                "reading the lock of " + name(target),
                c -> c.hashCommands().hMGet(key("lock:", target), bytes("by"), bytes("at"), bytes("reason")));
        return row == null || row.get(0) == null
                ? Optional.empty()
                : Optional.of(toFreezeLock(target, new ArrayList<>(row)));
    }

    @Override
    public List<FreezeLock> locks() {
        return listLocks("-", "+");
    }

    @Override
    public List<FreezeLock> locksOf(AppName app) {
        return listLocks("[" + app.value() + ":", "(" + app.value() + ";"); // ';' is the character after ':'
    }

    private List<FreezeLock> listLocks(String from, String to) {
        List<Object> rows = run(
                "listing locks",
                c -> EnvironmentScripts.LIST_LOCKS.runList(
                        c, List.of(locksKey), List.of(bytes(from), bytes(to), bytes(prefix + "lock:"))));
        List<FreezeLock> locks = new ArrayList<>(rows.size());
        for (Object row : rows) {
            List<?> cells = (List<?>) row;
            String target = string(cells.get(0));
            int colon = target.indexOf(':');
            locks.add(toFreezeLock(target.substring(0, colon), target.substring(colon + 1), cells.subList(1, 4)));
        }
        // Redis orders "hello-api:..." before "hello:..." ('-' < ':'); the contract orders by app, then env
        locks.sort(Comparator.comparing(FreezeLock::app).thenComparing(FreezeLock::env));
        return locks;
    }

    @Override
    public Optional<Lease> tryAcquire(Target target, String holder, Duration ttl) {
        Text.label("holder", holder);
        long millis = Text.ttlMillis(ttl);
        String token = UUID.randomUUID().toString();
        Instant now = now();
        long taken = run(
                "taking the deploy lease of " + name(target),
                c -> EnvironmentScripts.ACQUIRE.run(
                        c,
                        List.of(key("lease:", target), key("line:", target), lineUntilKey(target)),
                        List.of(
                                bytes(holder),
                                bytes(token),
                                bytes(Long.toString(millis)),
                                bytes(Long.toString(now.toEpochMilli())))));
        return taken == 1
                ? Optional.of(new Lease(
                        target.app().value(), target.env().value(), holder, token, now, now.plusMillis(millis)))
                : Optional.empty();
    }

    @Override
    public boolean renew(Lease lease, Duration ttl) {
        Target target = targetOf(lease);
        long millis = Text.ttlMillis(ttl);
        return 1
                == run(
                        "renewing the deploy lease of " + name(target),
                        c -> EnvironmentScripts.RENEW.run(
                                c,
                                List.of(key("lease:", target)),
                                List.of(bytes(lease.token()), bytes(Long.toString(millis)))));
    }

    @Override
    public boolean release(Lease lease) {
        Target target = targetOf(lease);
        return 1
                == run(
                        "releasing the deploy lease of " + name(target),
                        c -> EnvironmentScripts.RELEASE.run(
                                c, List.of(key("lease:", target)), List.of(bytes(lease.token()))));
    }

    @Override
    public Optional<Lease> leaseOf(Target target) {
        List<Object> row = run(
                "reading the deploy lease of " + name(target),
                c -> EnvironmentScripts.LEASE_OF.runList(c, List.of(key("lease:", target)), List.of()));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Instant now = now();
        return Optional.of(new Lease(
                target.app().value(),
                target.env().value(),
                string(row.get(0)),
                string(row.get(1)),
                Instant.ofEpochMilli(Long.parseLong(string(row.get(2)))),
                now.plusMillis(Long.parseLong(string(row.get(3))))));
    }

    @Override
    public int joinLine(Target target, String holder, Duration ttl) {
        Text.label("holder", holder);
        long millis = Text.ttlMillis(ttl);
        return Math.toIntExact(run(
                "joining the line of " + name(target),
                c -> EnvironmentScripts.JOIN_LINE.run(
                        c,
                        List.of(key("line:", target), lineUntilKey(target)),
                        List.of(bytes(holder), bytes(Long.toString(millis))))));
    }

    @Override
    public boolean leaveLine(Target target, String holder) {
        Text.label("holder", holder);
        return 1
                == run(
                        "leaving the line of " + name(target),
                        c -> EnvironmentScripts.LEAVE_LINE.run(
                                c, List.of(key("line:", target), lineUntilKey(target)), List.of(bytes(holder))));
    }

    @Override
    public List<String> waiting(Target target) {
        List<Object> rows = run(
                "reading the line of " + name(target),
                c -> EnvironmentScripts.WAITING.runList(
                        c, List.of(key("line:", target), lineUntilKey(target)), List.of()));
        return rows.stream().map(RedisEnvironmentLocks::string).toList();
    }

    @Override
    public Pin pin(Target target, String by, String revision, Instant at) {
        Pin pin = new Pin(
                target.app().value(),
                target.env().value(),
                Text.word("login", by),
                Text.word("revision", revision),
                Text.millis(at));
        run("pinning " + name(target), c -> {
            c.hashCommands()
                    .hMSet(
                            key("pin:", target),
                            Map.of(
                                    bytes("by"), bytes(by),
                                    bytes("revision"), bytes(revision),
                                    bytes("at"), bytes(Long.toString(pin.at().toEpochMilli()))));
            return pin;
        });
        return pin;
    }

    @Override
    public Optional<Pin> unpin(Target target) {
        List<Object> row = run(
                "unpinning " + name(target),
                c -> EnvironmentScripts.UNPIN.runList(c, List.of(key("pin:", target)), List.of()));
        return row.isEmpty() ? Optional.empty() : Optional.of(toPin(target, row));
    }

    @Override
    public Optional<Pin> pinOf(Target target) {
        List<byte[]> row = run(
                "reading the pin of " + name(target),
                c -> c.hashCommands().hMGet(key("pin:", target), bytes("by"), bytes("revision"), bytes("at")));
        return row == null || row.get(0) == null ? Optional.empty() : Optional.of(toPin(target, new ArrayList<>(row)));
    }

    private <T> T run(String what, Function<RedisConnection, T> action) {
        try (RedisConnection connection = factory.getConnection()) {
            return action.apply(connection);
        } catch (DataAccessException e) {
            throw new StoreUnavailableException(what + " in Redis", e);
        }
    }

    /** {@code by, at, reason} as Redis keeps them. */
    private static FreezeLock toFreezeLock(Target target, List<?> cells) {
        return toFreezeLock(target.app().value(), target.env().value(), cells);
    }

    private static FreezeLock toFreezeLock(String app, String env, List<?> cells) {
        String reason = string(cells.get(2));
        return new FreezeLock(
                app,
                env,
                string(cells.get(0)),
                Instant.ofEpochMilli(Long.parseLong(string(cells.get(1)))),
                reason.isEmpty() ? Optional.empty() : Optional.of(reason));
    }

    /** {@code by, revision, at} as Redis keeps them. */
    private static Pin toPin(Target target, List<?> cells) {
        return new Pin(
                target.app().value(),
                target.env().value(),
                string(cells.get(0)),
                string(cells.get(1)),
                Instant.ofEpochMilli(Long.parseLong(string(cells.get(2)))));
    }

    /** {@code <app>:<env>}: unambiguous, since neither name can hold a colon. */
    private static String name(Target target) {
        return target.app().value() + ":" + target.env().value();
    }

    /** The target a lease was taken on; its names were valid when it was taken. */
    private static Target targetOf(Lease lease) {
        return new Target(new AppName(lease.app()), new EnvName(lease.env()));
    }

    private byte[] key(String kind, Target target) {
        return bytes(prefix + kind + name(target));
    }

    private byte[] lineUntilKey(Target target) {
        return bytes(prefix + "line:" + name(target) + ":until");
    }

    private Instant now() {
        return Text.millis(clock.instant());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static String string(Object cell) {
        return cell instanceof byte[] b ? new String(b, UTF_8) : cell == null ? "" : cell.toString();
    }
}
