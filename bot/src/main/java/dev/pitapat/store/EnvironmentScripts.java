package dev.pitapat.store;

/**
 * The Lua scripts of {@link RedisEnvironmentLocks}: each reads and writes in one step, so two replicas never
 * both see an environment free, and a holder never releases a lease that has passed to another. Replies are
 * strings or arrays of strings.
 */
final class EnvironmentScripts {

    private EnvironmentScripts() {}

    /** KEYS: lock, locks index. ARGV: by, owner (lower-cased login), at, reason, target. */
    static final LuaScript LOCK = new LuaScript("""
            local held = redis.call('HMGET', KEYS[1], 'by', 'owner', 'at', 'reason')
            if held[1] then
              if held[2] ~= ARGV[2] then return {'held', held[1], held[3], held[4] or ''} end
              if ARGV[4] ~= '' then
                redis.call('HSET', KEYS[1], 'reason', ARGV[4])
                held[4] = ARGV[4]
              end
              return {'relocked', held[1], held[3], held[4] or ''}
            end
            redis.call('HSET', KEYS[1], 'by', ARGV[1], 'owner', ARGV[2], 'at', ARGV[3], 'reason', ARGV[4])
            redis.call('ZADD', KEYS[2], 0, ARGV[5])
            return {'locked', ARGV[1], ARGV[3], ARGV[4]}
            """);

    /** KEYS: lock, locks index. ARGV: target. Returns the lifted lock's by, at, reason, or nothing. */
    static final LuaScript UNLOCK = new LuaScript("""
            local held = redis.call('HMGET', KEYS[1], 'by', 'at', 'reason')
            redis.call('ZREM', KEYS[2], ARGV[1])
            if not held[1] then return {} end
            redis.call('DEL', KEYS[1])
            return {held[1], held[2], held[3] or ''}
            """);

    /** KEYS: locks index. ARGV: first, last (ZRANGEBYLEX bounds), lock key prefix. Rows: target, by, at, reason. */
    static final LuaScript LIST_LOCKS = new LuaScript("""
            local out = {}
            for _, target in ipairs(redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], ARGV[2])) do
              local h = redis.call('HMGET', ARGV[3] .. target, 'by', 'at', 'reason')
              if h[1] then table.insert(out, {target, h[1], h[2], h[3] or ''}) end
            end
            return out
            """);

    /** Drops waiters whose time (server clock, ms) is up: the start of every script touching a line. */
    private static final String LINE = """
            local function server_now()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function purge(line, until_key, now)
              for _, waiter in ipairs(redis.call('ZRANGE', line, 0, -1)) do
                local deadline = tonumber(redis.call('HGET', until_key, waiter))
                if not deadline or deadline <= now then
                  redis.call('ZREM', line, waiter)
                  redis.call('HDEL', until_key, waiter)
                end
              end
            end
            """;

    /**
     * KEYS: lease, line, line deadlines. ARGV: holder, token, ttl ms, acquired ms. 1 when taken: nobody held it
     * and nobody else was first in line; the holder then leaves the line.
     */
    static final LuaScript ACQUIRE = new LuaScript(LINE + """
            purge(KEYS[2], KEYS[3], server_now())
            local first = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
            if first and first ~= ARGV[1] then return 0 end
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'holder', ARGV[1], 'token', ARGV[2], 'acquired', ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('HDEL', KEYS[3], ARGV[1])
            return 1
            """);

    /** KEYS: lease. ARGV: token, ttl ms. */
    static final LuaScript RENEW = new LuaScript("""
            if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """);

    /** KEYS: lease. ARGV: token. */
    static final LuaScript RELEASE = new LuaScript("""
            if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            return 1
            """);

    /** KEYS: lease. Returns holder, token, acquired, remaining ms; or nothing. */
    static final LuaScript LEASE_OF = new LuaScript("""
            local h = redis.call('HMGET', KEYS[1], 'holder', 'token', 'acquired')
            local ttl = redis.call('PTTL', KEYS[1])
            if not h[1] or ttl < 0 then return {} end
            return {h[1], h[2], h[3], tostring(ttl)}
            """);

    /**
     * KEYS: line, line deadlines. ARGV: holder, ttl ms. A newcomer goes last; one already there keeps its place.
     * Both keys live as long as their longest-lived waiter. Returns the place, 1 first.
     */
    static final LuaScript JOIN_LINE = new LuaScript(LINE + """
            local now = server_now()
            purge(KEYS[1], KEYS[2], now)
            if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
              local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
              local arrival = 1
              if last[2] then arrival = tonumber(last[2]) + 1 end
              redis.call('ZADD', KEYS[1], arrival, ARGV[1])
            end
            local ttl = tonumber(ARGV[2])
            redis.call('HSET', KEYS[2], ARGV[1], string.format('%.0f', now + ttl))
            for _, key in ipairs(KEYS) do
              if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ARGV[2]) end
            end
            return redis.call('ZRANK', KEYS[1], ARGV[1]) + 1
            """);

    /** KEYS: line, line deadlines. ARGV: holder. 1 when a live waiter left. */
    static final LuaScript LEAVE_LINE = new LuaScript(LINE + """
            purge(KEYS[1], KEYS[2], server_now())
            redis.call('HDEL', KEYS[2], ARGV[1])
            return redis.call('ZREM', KEYS[1], ARGV[1])
            """);

    /** KEYS: line, line deadlines. The live waiters, first first. */
    static final LuaScript WAITING = new LuaScript(LINE + """
            purge(KEYS[1], KEYS[2], server_now())
            return redis.call('ZRANGE', KEYS[1], 0, -1)
            """);

    /** KEYS: pin. Returns the lifted pin's by, revision, at; or nothing. */
    static final LuaScript UNPIN = new LuaScript("""
            local h = redis.call('HMGET', KEYS[1], 'by', 'revision', 'at')
            if not h[1] then return {} end
            redis.call('DEL', KEYS[1])
            return h
            """);
}
