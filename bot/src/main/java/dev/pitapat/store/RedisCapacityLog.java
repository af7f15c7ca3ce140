package dev.pitapat.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Bursting's state in Redis. Keys, after the configured prefix: {@code burst:memory} (a string) and
 * {@code burst:log} (a list, newest first, trimmed as it grows).
 */
final class RedisCapacityLog implements CapacityLog {

    private final RedisConnectionFactory factory;
    private final byte[] memoryKey;
    private final byte[] logKey;

    RedisCapacityLog(RedisConnectionFactory factory, QueueProperties properties) {
        this.factory = factory;
        this.memoryKey = (properties.keyPrefix() + "burst:memory").getBytes(UTF_8);
        this.logKey = (properties.keyPrefix() + "burst:log").getBytes(UTF_8);
    }

    @Override
    public Optional<String> memory() {
        byte[] json = run("reading bursting's memory", c -> c.stringCommands().get(memoryKey));
        return Optional.ofNullable(json).map(b -> new String(b, UTF_8));
    }

    @Override
    public void remember(String json) {
        run("keeping bursting's memory", c -> c.stringCommands().set(memoryKey, json.getBytes(UTF_8)));
    }

    @Override
    public void append(String json, int keep) {
        Text.keep(keep);
        run("adding a capacity report", c -> {
            c.listCommands().lPush(logKey, json.getBytes(UTF_8));
            c.listCommands().lTrim(logKey, 0, keep - 1L);
            return null;
        });
    }

    @Override
    public List<String> recent(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<byte[]> found =
                run("reading the capacity reports", c -> c.listCommands().lRange(logKey, 0, limit - 1L));
        return found == null
                ? List.of()
                : found.stream().map(b -> new String(b, UTF_8)).toList();
    }

    private <T> T run(String what, Function<RedisConnection, T> action) {
        try (RedisConnection connection = factory.getConnection()) {
            return action.apply(connection);
        } catch (DataAccessException e) {
            throw new StoreUnavailableException(what + " in Redis", e);
        }
    }
}
