package dev.pitapat.gitops;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a GitOps commit did to its environment folder, as its {@code Pitapat-Action} trailer says. */
public enum Action {
    DEPLOY,
    ROLLBACK,
    PROMOTE,
    ABORT,
    UNDEPLOY;

    /** The trailer value and subject verb, e.g. {@code deploy}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action a trailer value names, if any. */
    public static Optional<Action> parse(String word) {
        return Arrays.stream(values()).filter(a -> a.word().equals(word)).findFirst();
    }
}
