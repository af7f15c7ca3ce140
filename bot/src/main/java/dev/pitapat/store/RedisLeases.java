package dev.pitapat.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Role leases in Redis, shared by every replica. Key, after the configured prefix: {@code role:<name>}, the
 * holder, expiring by {@code PX} on the server. Taking or extending and giving up are Lua scripts
 * ({@link LeaseScripts}).
 */
final class RedisLeases implements Leases {

    private final RedisConnectionFactory factory;
    private final String prefix;

    RedisLeases(RedisConnectionFactory factory, QueueProperties properties) {
        this.factory = factory;
        this.prefix = properties.keyPrefix() + "role:";
    }

    @Override
    public boolean hold(String name, String holder, Duration ttl) {
        Text.asciiWord("a lease name", name);
        Text.asciiWord("a lease holder", holder);
        long millis = Text.ttlMillis(ttl);
        return 1
                == run(
                        "holding the lease " + name,
                        c -> LeaseScripts.HOLD.run(
                                c, List.of(key(name)), List.of(bytes(holder), bytes(Long.toString(millis)))));
    }

    @Override
    public boolean release(String name, String holder) {
        Text.asciiWord("a lease name", name);
        Text.asciiWord("a lease holder", holder);
        return 1
                == run(
                        "releasing the lease " + name,
                        c -> LeaseScripts.RELEASE.run(c, List.of(key(name)), List.of(bytes(holder))));
    }

    @Override
    public Optional<String> holder(String name) {
        Text.asciiWord("a lease name", name);
        byte[] holder = run("reading the lease " + name, c -> c.stringCommands().get(key(name)));
        return Optional.ofNullable(holder).map(b -> new String(b, UTF_8));
    }

    private <T> T run(String what, Function<RedisConnection, T> action) {
        try (RedisConnection connection = factory.getConnection()) {
            return action.apply(connection);
        } catch (DataAccessException e) {
            throw new StoreUnavailableException(what + " in Redis", e);
        }
    }

    private byte[] key(String name) {
        return bytes(prefix + name);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
