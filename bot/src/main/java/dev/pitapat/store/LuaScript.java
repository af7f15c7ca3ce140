package dev.pitapat.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.script.DigestUtils;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.Rawable;

/** A Lua script run by its SHA, loaded into Redis the first time Redis does not know it. */
final class LuaScript {

    private final byte[] source;
    private final byte[] sha;

    LuaScript(String source) {
        this.source = source.getBytes(UTF_8);
        this.sha = DigestUtils.sha1DigestAsHex(source).getBytes(UTF_8);
    }

    long run(RedisConnection connection, List<byte[]> keys, List<byte[]> args) {
        Long result = eval(connection, ReturnType.INTEGER, keys, args);
        return result == null ? 0 : result;
    }

    List<Object> runList(RedisConnection connection, List<byte[]> keys, List<byte[]> args) {
        List<Object> result = eval(connection, ReturnType.MULTI, keys, args);
        return result == null ? List.of() : result;
    }

    private <T> T eval(RedisConnection connection, ReturnType type, List<byte[]> keys, List<byte[]> args) {
        byte[][] params = keysAndArgs(keys, args);
        try {
            return connection.scriptingCommands().evalSha(sha, type, keys.size(), params);
        } catch (DataAccessException e) {
            if (!mentions(e, "NOSCRIPT")) {
                throw e;
            }
            return connection.scriptingCommands().eval(source, type, keys.size(), params);
        }
    }

    /**
     * Runs the script on Jedis itself, by its SHA ({@code NOSCRIPT} is the caller's to handle). The keys and
     * arguments go to the socket as they are: Jedis's own {@code evalsha} copies each one first (a payload
     * included) to guard against a caller changing it, and these are never changed.
     */
    Object call(UnifiedJedis jedis, List<byte[]> keys, List<byte[]> args) {
        CommandArguments command =
                new CommandArguments(Protocol.Command.EVALSHA).add(sha).add(keys.size());
        for (byte[] key : keys) {
            command.key(new Unchanged(key));
        }
        for (byte[] arg : args) {
            command.add(new Unchanged(arg));
        }
        return jedis.executeCommand(new CommandObject<>(command, BuilderFactory.RAW_OBJECT));
    }

    /** Bytes handed to Jedis without a copy. */
    private record Unchanged(byte[] raw) implements Rawable {
        @Override
        public byte[] getRaw() {
            return raw;
        }
    }

    /** Makes Redis know the script (it forgets scripts when it restarts). */
    void load(RedisConnection connection) {
        connection.scriptingCommands().scriptLoad(source);
    }

    /** Whether Redis's error reply, anywhere in the cause chain, carries this code (NOSCRIPT, NOGROUP...). */
    static boolean mentions(Throwable e, String code) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(code)) {
                return true;
            }
        }
        return false;
    }

    private static byte[][] keysAndArgs(List<byte[]> keys, List<byte[]> args) {
        byte[][] params = new byte[keys.size() + args.size()][];
        for (int i = 0; i < keys.size(); i++) {
            params[i] = keys.get(i);
        }
        for (int i = 0; i < args.size(); i++) {
            params[keys.size() + i] = args.get(i);
        }
        return params;
    }
}
