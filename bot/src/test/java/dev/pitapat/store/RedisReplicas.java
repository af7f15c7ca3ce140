package dev.pitapat.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pitapat.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * A Redis store contract test's replicas: each store it makes has a connection factory of its own, as another
 * replica of the bot has, all on one fresh key prefix; the factories are closed after each test. Registered with
 * {@code @RegisterExtension}.
 */
final class RedisReplicas implements AfterEachCallback {

    private final List<JedisConnectionFactory> factories = new ArrayList<>();
    private final String prefix = RedisServer.freshPrefix();

    /** A store on the shared Redis, as one more replica has it. */
    <T> T store(BiFunction<JedisConnectionFactory, QueueProperties, T> make) {
        return storeOn(RedisServer.shared().port(), make);
    }

    /** A store on the Redis at this port (a free one: a Redis that is down). */
    <T> T storeOn(int port, BiFunction<JedisConnectionFactory, QueueProperties, T> make) {
        var factory = RedisServer.connectionFactory(port);
        factories.add(factory);
        return make.apply(factory, RedisStores.properties(prefix));
    }

    String prefix() {
        return prefix;
    }

    /** A key below the prefix, as the stores name it. */
    byte[] key(String key) {
        return (prefix + key).getBytes(UTF_8);
    }

    /** A connection of the first replica's, to look at the keys themselves. */
    RedisConnection connection() {
        return factories.getFirst().getConnection();
    }

    /** The keys below the prefix, sorted. */
    Set<String> keys(RedisConnection redis) {
        Set<String> keys = new TreeSet<>();
        Set<byte[]> found = redis.keyCommands().keys(key("*"));
        if (found != null) {
            found.forEach(k -> keys.add(new String(k, UTF_8)));
        }
        return keys;
    }

    /** The key's time to live on the server in milliseconds (-1 none, -2 no such key). */
    long pttl(RedisConnection redis, String key) {
        Long ttl = redis.keyCommands().pTtl(key(key));
        return ttl == null ? -2 : ttl;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        factories.forEach(JedisConnectionFactory::destroy);
        factories.clear();
    }
}
