package dev.pitapat.webhook;

/**
 * A payload that lacks what its handler needs, or holds it malformed: nothing can act on the delivery, and
 * trying again cannot help. GitHub's own deliveries never are; the message names the field, never its value.
 */
final class UnusablePayloadException extends RuntimeException {

    UnusablePayloadException(String message) {
        super(message, null, false, false);
    }
}
