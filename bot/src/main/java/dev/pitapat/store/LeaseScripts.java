package dev.pitapat.store;

/**
 * The Lua scripts of {@link RedisLeases}: each reads and writes in one step, so two replicas never both take a
 * free lease, and a holder never gives up a lease that has passed to another.
 */
final class LeaseScripts {

    private LeaseScripts() {}

    /** KEYS: lease. ARGV: holder, ttl ms. 1 when the holder took it or extended it; 0 when another holds it. */
    static final LuaScript HOLD = new LuaScript("""
            local held = redis.call('GET', KEYS[1])
            if held and held ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """);

    /** KEYS: lease. ARGV: holder. 1 when the holder gave it up; 0 when it did not hold it. */
    static final LuaScript RELEASE = new LuaScript("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            return 1
            """);
}
