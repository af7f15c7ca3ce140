package dev.pitapat.store;

/**
 * A delivery handed to one worker. {@code attempts} counts the failed attempts before this one, so a
 * delivery re-claimed after its worker died keeps its count. {@code handle} is the store's own reference
 * (a stream entry id for Redis).
 */
public record Claim(Delivery delivery, String handle, int attempts, DeliveryStatus status) {}
