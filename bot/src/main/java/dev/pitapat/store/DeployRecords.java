package dev.pitapat.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The durable progress records of deploys, shared by every replica: one record per deploy (a JSON document the
 * deploy package writes and reads; the store never looks inside), the set of records still open (accepted and
 * not finished: what any replica resumes after a restart), the set of records followed in the cluster
 * (committed, waiting for the environment to sync and become healthy: what the follower watches), and threads
 * (the records of one pull request's environment, or of one environment, newest last) that reports list recent
 * actions from. Implementations: {@link RedisDeployRecords} and {@link InMemoryDeployRecords}; both pass the
 * same contract tests.
 *
 * <p>Ids are deployment ids ({@code d-} and 12 hexadecimal digits) and thread names are at most 200 printable
 * ASCII characters without spaces; anything else throws {@link IllegalArgumentException}. A record lives for
 * {@code retention} after its last write, a thread as long as its newest entry; a record that expired leaves the
 * open or followed set it was in.
 *
 * <p>Every method throws {@link StoreUnavailableException} when the store cannot answer (Redis down); then
 * nothing was changed.
 */
public interface DeployRecords {

    /** How long a record is kept after its last write. */
    Duration RETENTION = Duration.ofDays(30);

    /** Where a record stands: which of the two sets, if any, holds its id. */
    enum Standing {
        /** Accepted and not finished (or its end not yet reported): in the open set. */
        OPEN,
        /** Committed and now followed in the cluster until it syncs and is healthy: in the followed set. */
        FOLLOWED,
        /** Finished and reported: in neither set. */
        DONE
    }

    /**
     * Stores a new record and marks it open, atomically, unless a record with this id exists already (a
     * delivery handled again): then nothing changes.
     *
     * @return true when this call created it
     */
    boolean create(String id, String json);

    /**
     * Replaces the record's document and puts its id in the set of its {@code standing}, and in no other,
     * atomically. A record already in that set keeps its place there; one that enters a set (or did not exist)
     * goes last. Updating a record that does not exist (it expired) stores it again.
     */
    void update(String id, String json, Standing standing);

    /** The record's document, if it exists. */
    Optional<String> get(String id);

    /** The ids of the open records, oldest first (by creation). */
    List<String> open();

    /** The ids of the followed records, in the order they entered the followed set (oldest first). */
    List<String> followed();

    /**
     * Appends {@code id} to the thread (once: appending an id already in it changes nothing), keeping only its
     * newest {@code keep} entries.
     */
    void append(String thread, String id, int keep);

    /** The thread's ids, oldest first; empty for a thread nobody appended to. */
    List<String> thread(String thread);
}
