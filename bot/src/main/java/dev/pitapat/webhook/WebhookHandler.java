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

    /**
     * Whether its payload names the one repository it is about in {@code repository.full_name}, which the workers
     * check before handling it. False for installation events, which list their repositories instead: their
     * handler asks for each whether an App serves it.
     */
    default boolean namesItsRepository() {
        return true;
    }
}
