package dev.pitapat.config;

/**
 * The optional {@code autoscaling} app key: a HorizontalPodAutoscaler keeps between {@code replicas} and {@code
 * maxReplicas} pods, aiming at {@code cpuPercent} of each pod's CPU request. Read at the deployed commit like
 * {@code replicas} and held to the default branch's {@code limits.replicas}.
 *
 * @param maxReplicas the most pods; more than {@code replicas}, at most {@code limits.replicas}
 * @param cpuPercent the average CPU use, as a percentage of {@code resources.cpu}, the autoscaler aims at
 */
public record Autoscaling(int maxReplicas, int cpuPercent) {

    /** {@code cpu-percent} when the file leaves it out. */
    public static final int DEFAULT_CPU_PERCENT = 80;
}
