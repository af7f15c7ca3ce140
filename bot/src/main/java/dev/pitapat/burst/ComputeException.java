package dev.pitapat.burst;

/** Compute did not do what pitapat asked; the message names the operation and what Compute answered. */
public final class ComputeException extends RuntimeException {

    public ComputeException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
