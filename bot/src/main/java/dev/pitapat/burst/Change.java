package dev.pitapat.burst;

/** What a decision does to the burst group. */
public enum Change {
    UP,
    DOWN,
    HOLD;

    /** The metric label: {@code up}, {@code down}, {@code hold}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
