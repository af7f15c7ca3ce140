package dev.pitapat.burst;

import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.util.List;

/**
 * The deploys in flight (accepted and not yet healthy or ended), whose shas get the {@code capacity} check run.
 * The deploy package answers it; bursting only reads.
 */
public interface DeploysInFlight {

    /** None: nothing is deployed (bursting alone, in tests). */
    DeploysInFlight NONE = List::of;

    /** Each deploy in flight once, oldest first. */
    List<InFlight> inFlight();

    /**
     * One deploy in flight.
     *
     * @param target its app and environment: its pods run in the namespace {@link Target#label()}
     */
    record InFlight(long installationId, RepoRef repo, Sha sha, Target target) {}
}
