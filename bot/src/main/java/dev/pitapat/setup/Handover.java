package dev.pitapat.setup;

import dev.pitapat.github.NewApp;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A new App's settings as the operator puts them to use: a {@code kubectl create secret} command for the Helm
 * chart's {@code github.existingSecret} (under the keys the chart reads by default), the {@code values.yaml} lines
 * that name it, and an environment block for {@code ./pitapat} (also what {@code pitapat.setup.write-to}
 * receives). Values are single-quoted for
 * a POSIX shell; the private key spans several lines inside its quotes.
 *
 * <p>Holds the App's secrets: made for one answer and dropped with it; {@link #toString()} shows none.
 */
final class Handover {

    /** The Secret's name in the command and the values. */
    static final String SECRET = "pitapat-github";

    private final NewApp app;
    private final URI publicUrl;

    Handover(NewApp app, URI publicUrl) {
        this.app = app;
        this.publicUrl = publicUrl;
    }

    NewApp app() {
        return app;
    }

    URI publicUrl() {
        return publicUrl;
    }

    /** The secret settings, by environment-variable name, in the order they are shown. */
    Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("PITAPAT_GITHUB_APP_ID", Long.toString(app.id()));
        secrets.put("PITAPAT_GITHUB_PRIVATE_KEY", app.pem().strip());
        secrets.put("PITAPAT_GITHUB_WEBHOOK_SECRET", app.webhookSecret());
        secrets.put("PITAPAT_GITHUB_CLIENT_ID", app.clientId());
        secrets.put("PITAPAT_GITHUB_CLIENT_SECRET", app.clientSecret());
        return secrets;
    }

    /**
     * The App's secrets under the keys the Helm chart reads from {@code github.existingSecret} by default
     * ({@code github.existingSecretKeys}); the client id is no secret and goes in the values.
     */
    Map<String, String> chartSecret() {
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("app-id", Long.toString(app.id()));
        secret.put("private-key", app.pem().strip());
        secret.put("webhook-secret", app.webhookSecret());
        secret.put("client-secret", app.clientSecret());
        return secret;
    }

    /** {@code kubectl create secret generic pitapat-github --from-literal=...}, one value per line. */
    String kubectl() {
        return "kubectl create secret generic " + SECRET + " \\\n"
                + chartSecret().entrySet().stream()
                        .map(entry -> "  --from-literal=" + quoted(entry.getKey() + "=" + entry.getValue()))
                        .collect(Collectors.joining(" \\\n"))
                + "\n";
    }

    /** The chart's values that use the Secret, with the client id and the public URL the App was registered with. */
    String values() {
        return "github:\n"
                + "  existingSecret: " + SECRET + "   # keys: "
                + String.join(", ", chartSecret().keySet()) + "\n"
                + "  clientId: " + app.clientId() + "\n"
                + "config:\n"
                + "  public-url: " + publicUrl + "\n";
    }

    /** The settings as environment variables, for {@code set -a; . <file>; set +a} before {@code ./pitapat}. */
    String environment() {
        StringBuilder lines = new StringBuilder();
        secrets()
                .forEach((name, value) ->
                        lines.append(name).append('=').append(quoted(value)).append('\n'));
        lines.append("PITAPAT_PUBLIC_URL=").append(quoted(publicUrl.toString())).append('\n');
        return lines.toString();
    }

    /** POSIX single quotes: everything literal, a {@code '} closed, escaped and reopened. */
    static String quoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
        return "Handover[" + app + "]";
    }
}
