package dev.pitapat.store;

/**
 * The Lua scripts of {@link RedisDeployRecords}: each reads and writes in one step, so two replicas creating
 * the same record make one record and one open entry, a record is never stored without its entry in the set
 * of its standing (or the other way round), and no id is in both the open and the followed set.
 */
final class DeployScripts {

    private DeployScripts() {}

    /** Puts {@code id} last in the sorted set {@code set} (open or followed): scored one above the newest there. */
    private static final String PUT_LAST = """
            local function put_last(set, id)
              local newest = redis.call('ZRANGE', set, -1, -1, 'WITHSCORES')
              local order = 1
              if newest[2] then order = tonumber(newest[2]) + 1 end
              redis.call('ZADD', set, order, id)
            end
            """;

    /**
     * KEYS: record, open set, followed set. ARGV: id, document, retention ms. 1 when created; 0 when the record
     * exists. A followed entry left by an expired record with this id goes.
     */
    static final LuaScript CREATE = new LuaScript(PUT_LAST + """
            if not redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[3]) then return 0 end
            redis.call('ZREM', KEYS[3], ARGV[1])
            put_last(KEYS[2], ARGV[1])
            return 1
            """);

    /**
     * KEYS: record, open set, followed set. ARGV: id, document, retention ms, standing ({@code OPEN},
     * {@code FOLLOWED} or {@code DONE}). The id leaves the set it no longer stands in; a record that did not
     * exist (expired) or was not in the set of its standing goes last there; one that existed and was in it
     * keeps its place.
     */
    static final LuaScript UPDATE = new LuaScript(PUT_LAST + """
            local existed = redis.call('EXISTS', KEYS[1]) == 1
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            local into = nil
            if ARGV[4] == 'OPEN' then
              into = KEYS[2]
            elseif ARGV[4] == 'FOLLOWED' then
              into = KEYS[3]
            end
            for _, set in ipairs({KEYS[2], KEYS[3]}) do
              if set ~= into then redis.call('ZREM', set, ARGV[1]) end
            end
            if into and (not existed or not redis.call('ZSCORE', into, ARGV[1])) then
              put_last(into, ARGV[1])
            end
            return 1
            """);

    /**
     * KEYS: open or followed set. ARGV: record key prefix. The ids whose record still exists, oldest first; the
     * others (expired) leave the set.
     */
    static final LuaScript LIVE = new LuaScript("""
            local out = {}
            for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              if redis.call('EXISTS', ARGV[1] .. id) == 1 then
                table.insert(out, id)
              else
                redis.call('ZREM', KEYS[1], id)
              end
            end
            return out
            """);

    /**
     * KEYS: thread. ARGV: id, keep, retention ms. Appends the id unless the thread holds it, keeps the newest
     * {@code keep} and lets the thread live for the retention from now. 1 when appended. ({@code LPOS}: Redis
     * 6.0.6 or later.)
     */
    static final LuaScript APPEND = new LuaScript("""
            if redis.call('LPOS', KEYS[1], ARGV[1]) then return 0 end
            redis.call('RPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """);
}
