package dev.pitapat.store;

import java.util.Map;

/** What the store says of itself for the health endpoint; {@code details} never holds a secret. */
public record StoreHealth(boolean up, Map<String, Object> details) {}
