package dev.pitapat.store;

import java.util.List;
import java.util.Optional;

/**
 * Cloud bursting's durable state, shared by every replica: the deciding replica's memory (one JSON document the
 * burst package writes and reads; the store never looks inside), so that another replica carries on where it
 * stopped, and the log of recent capacity reports (JSON documents, newest first) that the status page and
 * {@code /api/capacity} show. Implementations: {@link RedisCapacityLog} and {@link InMemoryCapacityLog}; both pass
 * the same contract tests.
 *
 * <p>Every method throws {@link StoreUnavailableException} when the store cannot answer (Redis down); then nothing
 * was changed.
 */
public interface CapacityLog {

    /** The memory document, if one was kept. */
    Optional<String> memory();

    /** Replaces the memory document. */
    void remember(String json);

    /** Adds a report as the newest, keeping only the newest {@code keep} (at least 1). */
    void append(String json, int keep);

    /** Up to {@code limit} reports, newest first. */
    List<String> recent(int limit);
}
