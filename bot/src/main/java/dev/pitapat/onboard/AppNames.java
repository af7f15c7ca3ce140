package dev.pitapat.onboard;

import dev.pitapat.model.AppName;
import dev.pitapat.model.Checked;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Labels;
import dev.pitapat.model.Target;
import java.util.Locale;

/** The app name proposed for a repository: its name made a DNS-1123 label that leaves room for its environment. */
final class AppNames {

    /** The environment the proposal deploys on push. */
    static final EnvName STAGING = new EnvName("staging");

    /** Longest name: {@code <app>-staging} is itself a label of at most 63 characters. */
    static final int MAX = Labels.MAX_LABEL - 1 - STAGING.value().length();

    /** The name when nothing of the repository's name is left. */
    static final String FALLBACK = "app";

    private AppNames() {}

    /**
     * The repository's name lower-cased, each run of characters other than a-z and 0-9 ({@code .}, {@code _},
     * {@code -}) made one {@code -}, without a {@code -} at either end, cut to {@link #MAX} characters.
     */
    static AppName forRepository(String repositoryName) {
        StringBuilder name = new StringBuilder();
        for (char c : repositoryName.toLowerCase(Locale.ROOT).toCharArray()) {
            boolean kept = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (kept) {
                name.append(c);
            } else if (!name.isEmpty() && name.charAt(name.length() - 1) != '-') {
                name.append('-');
            }
        }
        String cut = name.length() > MAX ? name.substring(0, MAX) : name.toString();
        while (cut.endsWith("-")) {
            cut = cut.substring(0, cut.length() - 1);
        }
        String proposed = cut.isEmpty() ? FALLBACK : cut;
        // the model's own rules decide: a name that slipped past the steps above is a bug, not a proposal
        AppName app = switch (AppName.parse(proposed)) {
            case Checked.Valid<AppName>(AppName valid) -> valid;
            case Checked.Invalid<AppName>(String problem, String rule) ->
                throw new IllegalStateException("proposed app name is not valid: " + problem);
        };
        if (Target.of(app, STAGING) instanceof Checked.Invalid<Target>(String problem, String rule)) {
            throw new IllegalStateException("proposed app name does not fit " + STAGING + ": " + problem);
        }
        return app;
    }
}
