package dev.pitapat.store;

/** Where a delivery is in its life. */
public enum DeliveryStatus {
    /** Stored and waiting for a worker, or being handled for the first time. */
    QUEUED,
    /** Its handler failed at least once; it is tried again after a backoff. */
    RETRYING,
    /** Handled. */
    DONE,
    /** Its handler failed on every attempt; the last error is recorded. */
    FAILED,
    /**
     * Nothing could act on it: no GitHub App is configured to read or answer its repository. The reason is
     * recorded; redelivering it once the App is configured runs it.
     */
    UNACTIONABLE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
