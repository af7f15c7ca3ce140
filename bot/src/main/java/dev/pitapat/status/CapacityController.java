package dev.pitapat.status;

import dev.pitapat.burst.Capacity;
import dev.pitapat.store.StoreUnavailableException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * {@code GET /api/capacity}: cloud bursting's settings and its newest decisions (and refusals to decide), newest
 * first, with the numbers behind each and what was done ({@code enabled: false} and no decisions when bursting is
 * off). Every replica answers from the store, whichever one decides. Capacity is the cluster's, not a repository's:
 * anyone the status page lets in sees it.
 */
@RestController
class CapacityController {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 200;

    private final Capacity capacity;

    CapacityController(Capacity capacity) {
        this.capacity = capacity;
    }

    @GetMapping("/api/capacity")
    Capacity.View capacity(@RequestParam(name = "limit", defaultValue = "" + DEFAULT_LIMIT) int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new LimitException();
        }
        return capacity.view(limit);
    }

    @ExceptionHandler({LimitException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ErrorBody> badLimit(Exception e) {
        return ResponseEntity.badRequest()
                .body(new ErrorBody("limit is a whole number of decisions, 1 to " + MAX_LIMIT + " (default "
                        + DEFAULT_LIMIT + ")"));
    }

    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<ErrorBody> storeDown(StoreUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(new ErrorBody("the store that keeps capacity decisions cannot be read right now; try again in a"
                        + " minute"));
    }

    record ErrorBody(String error) {}

    private static final class LimitException extends RuntimeException {
        LimitException() {
            super(null, null, false, false);
        }
    }
}
