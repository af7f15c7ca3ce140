package dev.pitapat.deploy;

import dev.pitapat.model.SecretRedactor;

/** An error's message as a failure may show it: one line, without credentials (a remote URL may carry a token). */
final class Failures {

    private Failures() {}

    static String safe(RuntimeException e) {
        return SecretRedactor.redact(String.valueOf(e.getMessage())).replaceAll("\\s+", " ");
    }
}
