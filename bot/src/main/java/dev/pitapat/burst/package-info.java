/**
 * Cloud bursting (DESIGN.md section 6): a Prometheus signal and the pods that cannot be scheduled, a pure policy
 * that decides, and the GCP managed instance group that grows, or loses exactly one drained node.
 */
@NullMarked
package dev.pitapat.burst;

import org.jspecify.annotations.NullMarked;
