package dev.pitapat.config;

/**
 * The {@code limits}: ceilings the default branch sets for the app keys, so a pull request cannot ask for more
 * replicas, CPU or memory than the repository allows.
 */
public record Limits(int replicas, Quantity cpu, Quantity memory) {

    /** {@code {replicas: 10, cpu: "2", memory: 4Gi}}. */
    public static final Limits DEFAULT = new Limits(10, new Quantity("2"), new Quantity("4Gi"));
}
