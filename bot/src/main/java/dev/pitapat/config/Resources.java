package dev.pitapat.config;

import java.util.Optional;

/**
 * The {@code resources} of the app's container: its CPU and memory request, each optional. Both are held to
 * the default branch's {@link Limits}.
 */
public record Resources(Optional<Quantity> cpu, Optional<Quantity> memory) {

    /** No {@code resources} key: nothing requested. */
    public static final Resources NONE = new Resources(Optional.empty(), Optional.empty());
}
