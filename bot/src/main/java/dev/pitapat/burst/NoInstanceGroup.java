package dev.pitapat.burst;

/**
 * No instance group: none is configured (its size is unknown and changing it is refused), or the configured one
 * cannot be reached at all (no credentials), which every look then reports.
 */
final class NoInstanceGroup implements InstanceGroup {

    private final boolean configured;
    private final String why;

    NoInstanceGroup(boolean configured, String why) {
        this.configured = configured;
        this.why = why;
    }

    @Override
    public boolean available() {
        return configured;
    }

    @Override
    public GroupState state() {
        throw new ComputeException("reading the instance group: " + why, null);
    }

    @Override
    public GroupState resize(int targetSize, String requestId) {
        throw new ComputeException("resizing the instance group: " + why, null);
    }

    @Override
    public GroupState delete(String instance, String requestId) {
        throw new ComputeException("deleting " + instance + " from the instance group: " + why, null);
    }
}
