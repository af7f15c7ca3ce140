package dev.pitapat.burst;

import java.util.List;

/**
 * The zonal managed instance group burst nodes run in (DESIGN.md section 6), through Compute's REST API: no Google
 * type crosses this line. Every change carries a request id, and a retry of the same change (after a timeout, a
 * {@code 429} or a {@code 5xx}) reuses it, so Compute does it at most once. Failures are {@link ComputeException}s
 * naming the operation and what Compute said.
 */
public interface InstanceGroup {

    /** No group configured: bursting decides and reports, and cannot act. */
    static InstanceGroup none() {
        return new NoInstanceGroup(false, "none is configured");
    }

    /** A configured group that cannot be reached at all ({@code why}): every look reports it. */
    static InstanceGroup unreachable(String why) {
        return new NoInstanceGroup(true, why);
    }

    /** Whether a group is configured at all: false for the null object. */
    boolean available();

    /** The group's target size and its instances ({@code listManagedInstances}). */
    GroupState state();

    /**
     * Sets the group's target size ({@code resize}) and waits until the zone operation is {@code DONE}; then
     * returns the group as {@code listManagedInstances} shows it.
     */
    GroupState resize(int targetSize, String requestId);

    /**
     * Deletes exactly {@code instance} (a name in the group) from the group, lowering its target size by one
     * ({@code deleteInstances}), and waits until the zone operation is {@code DONE}.
     */
    GroupState delete(String instance, String requestId);

    /** The group's target size and its instances. */
    record GroupState(int targetSize, List<Instance> instances) {
        public GroupState {
            instances = List.copyOf(instances);
        }
    }

    /**
     * One managed instance.
     *
     * @param name the VM's name (the last part of its URL)
     * @param status the VM's status ({@code PROVISIONING}, {@code RUNNING}, {@code STOPPING}...; empty while it
     *     is being made)
     * @param action what the group is doing to it ({@code NONE}, {@code CREATING}, {@code DELETING}...)
     */
    record Instance(String name, String status, String action) {}
}
