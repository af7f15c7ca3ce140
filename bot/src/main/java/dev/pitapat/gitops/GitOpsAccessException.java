package dev.pitapat.gitops;

/**
 * The GitOps repository refused pitapat: wrong, expired or missing credentials ({@code 401}), or not enough
 * permission ({@code 403}). Final until an operator fixes the setting the message names; retrying or cloning
 * again does not help. The message never carries a token.
 */
public final class GitOpsAccessException extends GitOpsException {

    GitOpsAccessException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
