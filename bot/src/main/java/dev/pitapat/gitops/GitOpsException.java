package dev.pitapat.gitops;

/** The GitOps repository could not be read or written; the message says what was being done. */
public class GitOpsException extends RuntimeException {

    private final boolean retryHelps;

    GitOpsException(String message) {
        this(message, null, true);
    }

    GitOpsException(String message, Throwable cause) {
        this(message, cause, true);
    }

    /**
     * @param retryHelps whether the same write later may work by itself, or not until whoever runs pitapat fixes
     *     something (credentials, the disk, a hook of the repository)
     */
    GitOpsException(String message, Throwable cause, boolean retryHelps) {
        super(message, cause);
        this.retryHelps = retryHelps;
    }

    /** Whether the same write later may work by itself. */
    public boolean retryHelps() {
        return retryHelps;
    }
}
