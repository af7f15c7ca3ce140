package dev.pitapat.store;

import java.time.Instant;

/**
 * An environment held at a revision after a rollback: push-to-deploy skips it until someone runs
 * {@code /deploy} or {@code /unlock} on it. It never expires.
 *
 * @param by the login that rolled back
 * @param revision what the environment was rolled back to (GitOps commit or deployment id)
 * @param at when it was pinned
 */
public record Pin(String app, String env, String by, String revision, Instant at) {}
