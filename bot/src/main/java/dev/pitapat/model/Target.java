package dev.pitapat.model;

/**
 * An application in one environment. Its {@link #label()}, {@code <app>-<env>}, names the Kubernetes
 * objects and the default host, so it must itself be a DNS-1123 label: at most 63 characters.
 */
public record Target(AppName app, EnvName env) {

    /** The rule, as replies quote it. */
    public static final String RULE = "the app name, '-' and the environment name together are at most 63 characters";

    /** Refuses a pair whose label would be longer than 63 characters with {@link InvalidValueException}. */
    public Target {
        int length = labelLength(app, env);
        if (length > Labels.MAX_LABEL) {
            throw new InvalidValueException("together they are " + length + " characters long", RULE);
        }
    }

    /** Checks a pair without throwing. */
    public static Checked<Target> of(AppName app, EnvName env) {
        int length = labelLength(app, env);
        return length > Labels.MAX_LABEL
                ? new Checked.Invalid<>("together they are " + length + " characters long", RULE)
                : new Checked.Valid<>(new Target(app, env));
    }

    /** {@code <app>-<env>}, e.g. {@code hello-staging}. */
    public String label() {
        return app.value() + "-" + env.value();
    }

    @Override
    public String toString() {
        return app + "/" + env;
    }

    private static int labelLength(AppName app, EnvName env) {
        return app.value().length() + 1 + env.value().length();
    }
}
