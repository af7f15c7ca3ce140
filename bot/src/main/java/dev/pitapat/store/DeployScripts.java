package dev.pitapat.store;

/**
 * The Lua scripts of {@link RedisDeployRecords}: each reads and writes in one step, so two replicas creating
 * the same record make one record and one open entry, and a record is never stored without its open entry
 * (or the other way round).
 */
final class DeployScripts {

    private DeployScripts() {}

    /** Puts {@code ARGV[1]} last in the open set {@code KEYS[2]}: scored one above the newest there. */
    private static final String OPEN_LAST = """
            local function open_last(open, id)
              local newest = redis.call('ZRANGE', open, -1, -1, 'WITHSCORES')
              local order = 1
              if newest[2] then order = tonumber(newest[2]) + 1 end
              redis.call('ZADD', open, order, id)
            end
            """;

    /** KEYS: record, open set. ARGV: id, document, retention ms. 1 when created; 0 when the record exists. */
    static final LuaScript CREATE = new LuaScript(OPEN_LAST + """
            if not redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[3]) then return 0 end
            open_last(KEYS[2], ARGV[1])
            return 1
            """);

    /**
     * KEYS: record, open set. ARGV: id, document, retention ms, open ('1' or '0'). A record that did not exist
     * (expired) and is open goes last; one that existed and was open keeps its place.
     */
    static final LuaScript UPDATE = new LuaScript(OPEN_LAST + """
            local existed = redis.call('EXISTS', KEYS[1]) == 1
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            if ARGV[4] ~= '1' then
              redis.call('ZREM', KEYS[2], ARGV[1])
            elseif not existed or not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
              open_last(KEYS[2], ARGV[1])
            end
            return 1
            """);

    /**
     * KEYS: open set. ARGV: record key prefix. The open ids whose record still exists, oldest first; the
     * others (expired) leave the set.
     */
    static final LuaScript OPEN = new LuaScript("""
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
