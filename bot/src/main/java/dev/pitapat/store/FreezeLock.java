package dev.pitapat.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A freeze on one app's environment ({@code /lock <env> [reason]}): no deploy goes there until someone runs
 * {@code /unlock}. It never expires.
 *
 * @param by the login that locked it, as typed by GitHub
 * @param at when it was locked (kept across re-locks by the same person)
 * @param reason why, as given (one line, at most 200 characters); escaping it is the reply's job
 */
public record FreezeLock(String app, String env, String by, Instant at, Optional<String> reason) {}
