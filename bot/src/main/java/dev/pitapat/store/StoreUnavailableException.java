package dev.pitapat.store;

/** The store could not do what was asked (Redis down, timed out): nothing was stored. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String what, Throwable cause) {
        super(what + ": " + cause.getMessage(), cause);
    }
}
