package dev.pitapat.kube;

/** The cluster did not do what pitapat asked; the message names the operation and what the API answered. */
public final class ClusterException extends RuntimeException {

    public ClusterException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
