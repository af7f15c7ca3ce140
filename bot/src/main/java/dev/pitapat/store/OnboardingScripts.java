package dev.pitapat.store;

/**
 * The Lua scripts of {@link RedisOnboardingOffers}: each reads and writes in one step, so two replicas never both
 * claim a repository, and no claim is taken once its offer is recorded.
 */
final class OnboardingScripts {

    private OnboardingScripts() {}

    /**
     * KEYS: offer, claim. ARGV: holder, ttl ms. 1 when the holder now holds the claim (taken, or its own extended); 0
     * when an offer is recorded or another holder's claim is live.
     */
    static final LuaScript CLAIM = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            local held = redis.call('GET', KEYS[2])
            if held and held ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
            return 1
            """);

    /**
     * KEYS: offer, claim. ARGV: repo, pull request, offered at (epoch ms). Ends the claim; 1 when the offer was
     * recorded, 0 when one was recorded before (it stays).
     */
    static final LuaScript RECORD = new LuaScript("""
            redis.call('DEL', KEYS[2])
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'repo', ARGV[1], 'pull-request', ARGV[2], 'offered-at', ARGV[3])
            return 1
            """);

    /** KEYS: claim. ARGV: holder. 1 when the holder's claim ended; 0 when it held none. */
    static final LuaScript RELEASE = new LuaScript("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            return 1
            """);
}
