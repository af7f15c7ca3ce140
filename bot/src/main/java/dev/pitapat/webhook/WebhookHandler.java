package dev.pitapat.webhook;

/**
 * Handles one GitHub event. Handlers are idempotent by delivery id: a delivery can reach a handler again
 * after a crash. A handler that throws is retried with backoff, then recorded as failed.
 */
interface WebhookHandler {

    /** The {@code X-GitHub-Event} this handler takes. */
    String event();

    void handle(WebhookEvent event) throws Exception;

    /** Whether handling it reads or answers GitHub: without a GitHub App for the repository it cannot run. */
    default boolean needsGitHub() {
        return true;
    }
}
