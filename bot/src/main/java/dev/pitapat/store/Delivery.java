package dev.pitapat.store;

import java.time.Instant;

/**
 * One webhook delivery as GitHub sent it, accepted by intake: the raw payload plus what routing and the
 * deliveries page need without parsing it again. {@code action} and {@code repo} are empty when the event
 * has none.
 */
public record Delivery(String id, String event, String action, String repo, byte[] payload, Instant receivedAt) {}
