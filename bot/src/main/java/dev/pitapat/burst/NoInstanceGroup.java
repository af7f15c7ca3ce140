package dev.pitapat.burst;

/** No instance group is configured: its size is unknown and changing it is refused. */
final class NoInstanceGroup implements InstanceGroup {

    @Override
    public boolean available() {
        return false;
    }

    @Override
    public GroupState state() {
        throw new ComputeException("reading the instance group: none is configured", null);
    }

    @Override
    public GroupState resize(int targetSize, String requestId) {
        throw new ComputeException("resizing the instance group: none is configured", null);
    }

    @Override
    public GroupState delete(String instance, String requestId) {
        throw new ComputeException("deleting " + instance + " from the instance group: none is configured", null);
    }
}
