package dev.pitapat.store;

/**
 * The store could not do what was asked: Redis down (nothing was done), or it did not answer in time (it may
 * still do it).
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String what, Throwable cause) {
        super(what + ": " + cause.getMessage(), cause);
    }
}
