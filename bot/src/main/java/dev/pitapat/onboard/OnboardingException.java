package dev.pitapat.onboard;

import java.util.List;

/**
 * Onboarding pull requests of more than one repository of a delivery could not be opened; the cause is the first
 * failure (a rate limit first, so that the delivery waits for it), the others are suppressed. Each repository is
 * tried again when the delivery is.
 */
final class OnboardingException extends RuntimeException {

    OnboardingException(List<String> repos, RuntimeException cause, List<RuntimeException> others) {
        super("opening the onboarding pull requests of " + String.join(", ", repos) + ": " + cause.getMessage(), cause);
        others.stream().filter(other -> other != cause).forEach(this::addSuppressed);
    }
}
