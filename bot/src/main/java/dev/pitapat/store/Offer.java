package dev.pitapat.store;

/** The answer of {@link DeliveryQueue#offer}. */
public enum Offer {
    /** Stored durably; a worker will handle it. */
    QUEUED,
    /** A delivery with this id was already queued; nothing was stored. */
    DUPLICATE
}
