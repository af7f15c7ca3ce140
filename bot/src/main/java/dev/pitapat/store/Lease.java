package dev.pitapat.store;

import java.time.Instant;

/**
 * The hold of the one deploy in progress on an environment. It lapses at {@code expiresAt} unless renewed,
 * so a replica that dies holding it blocks the environment for at most the ttl.
 *
 * @param holder who holds it, for people to read (e.g. {@code @dana: hello@3f2a9c1 to staging})
 * @param token unique to this acquisition: renewing and releasing compare it, so a holder whose lease
 *     lapsed and was taken by another can neither renew nor release the new one
 * @param acquiredAt when it was taken
 * @param expiresAt when it lapses unless renewed, as known when this value was made
 */
public record Lease(String app, String env, String holder, String token, Instant acquiredAt, Instant expiresAt) {}
