package dev.pitapat.store;

import dev.pitapat.model.Labels;
import java.util.regex.Pattern;

/**
 * One app's environment, the key of every lock, lease, line and pin: the same in every repository. Both
 * names are DNS-1123 labels, checked here so that nothing else reaches a Redis key.
 *
 * <p>Stands in for {@code AppName} and {@code EnvName} until the store takes those records.
 */
record Target(String app, String env) implements Comparable<Target> {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    Target {
        requireLabel("app", app);
        requireLabel("environment", env);
    }

    /** {@code app:env}: unambiguous, since neither name can hold a colon. */
    String key() {
        return app + ":" + env;
    }

    static Target parse(String key) {
        int colon = key.indexOf(':');
        return new Target(key.substring(0, colon), key.substring(colon + 1));
    }

    @Override
    public int compareTo(Target other) {
        int byApp = app.compareTo(other.app);
        return byApp != 0 ? byApp : env.compareTo(other.env);
    }

    static void requireLabel(String what, String name) {
        if (name == null
                || name.length() > Labels.MAX_LABEL
                || !LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name must be a DNS-1123 label (lower-case letters, digits"
                    + " and '-', starting and ending with a letter or digit, at most 63 characters)");
        }
    }
}
