package dev.pitapat.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.testing.RedisServer;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** A script called on Jedis itself, against a real Redis. */
class LuaScriptTest {

    private final JedisConnectionFactory factory =
            RedisServer.connectionFactory(RedisServer.shared().port());
    private final RedisConnection connection = factory.getConnection();
    private final String key = RedisServer.freshPrefix() + "lua";

    @AfterEach
    void close() {
        connection.close();
        factory.destroy();
    }

    @Test
    void sendsKeysAndArgumentsAsTheyAreWithoutCopyingThem() {
        LuaScript script = new LuaScript("redis.call('SET', KEYS[1], ARGV[2]); return {#ARGV[1], ARGV[2]}");
        script.load(connection);
        UnifiedJedis jedis = (UnifiedJedis) connection.getNativeConnection();
        byte[] large = new byte[512 * 1024];
        script.call(jedis, List.of(key.getBytes(UTF_8)), List.of(large, "small".getBytes(UTF_8)));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        Object reply = script.call(jedis, List.of(key.getBytes(UTF_8)), List.of(large, "small".getBytes(UTF_8)));

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(reply).isInstanceOf(List.class);
        List<?> values = (List<?>) reply;
        assertThat(values.get(0)).isEqualTo(512L * 1024);
        assertThat(new String((byte[]) values.get(1), UTF_8)).isEqualTo("small");
        assertThat(connection.stringCommands().get(key.getBytes(UTF_8))).isEqualTo("small".getBytes(UTF_8));
        // the large argument went to the socket from where it was, not from a copy of it
        assertThat(allocated).isLessThan(large.length / 4);
    }

    @Test
    void anUnknownScriptIsRedisNoscriptForTheCallerToLoad() {
        LuaScript script = new LuaScript("return 'never loaded " + key + "'");
        UnifiedJedis jedis = (UnifiedJedis) connection.getNativeConnection();

        assertThatThrownBy(() -> script.call(jedis, List.of(), List.of()))
                .isInstanceOf(JedisDataException.class)
                .satisfies(e -> assertThat(LuaScript.mentions(e, "NOSCRIPT")).isTrue());
        script.load(connection);
        assertThat(new String((byte[]) script.call(jedis, List.of(), List.of()), UTF_8))
                .isEqualTo("never loaded " + key);
    }
}
