package dev.pitapat.gitops;

/** The GitOps repository could not be read or written; the message says what was being done. */
public class GitOpsException extends RuntimeException {

    GitOpsException(String message) {
        super(message);
    }

    GitOpsException(String message, Throwable cause) {
        super(message, cause);
    }
}
