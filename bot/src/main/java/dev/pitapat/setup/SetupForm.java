package dev.pitapat.setup;

import dev.pitapat.github.AppManifest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The setup page's form as the operator filled it in, each field as typed (to show it again), and what is wrong
 * with it. Fields: {@code organization} (empty: the operator's own account), {@code name}, {@code url} (the bot's
 * public URL), {@code visibility} ({@code private} or {@code public}), {@code gitops} ({@code app} when pitapat
 * pushes to a GitOps repository on GitHub with the App's token), {@code write} ({@code file} to write the settings to
 * {@code pitapat.setup.write-to}).
 */
record SetupForm(
        String organization, String name, String url, boolean isPublic, boolean pushesGitOps, boolean writeToFile) {

    /** GitHub's logins: letters, digits and single hyphens inside, at most 39 characters. */
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}");

    static final String DEFAULT_NAME = "pitapat";

    /** The form before the operator changed anything. */
    static SetupForm defaults(Optional<String> publicUrl) {
        return new SetupForm("", DEFAULT_NAME, publicUrl.orElse(""), false, true, false);
    }

    /** The form as submitted; a checkbox left empty is absent. */
    static SetupForm submitted(
            @Nullable String organization,
            @Nullable String name,
            @Nullable String url,
            @Nullable String visibility,
            @Nullable String gitops,
            @Nullable String write) {
        return new SetupForm(
                orEmpty(organization).strip(),
                orEmpty(name).strip(),
                orEmpty(url).strip(),
                "public".equals(visibility),
                "app".equals(gitops),
                "file".equals(write));
    }

    /** Each problem, naming the field and what would do; empty when the form can be sent to GitHub. */
    List<String> problems(boolean canWriteFile, @Nullable String visibility) {
        List<String> problems = new ArrayList<>();
        if (!organization.isEmpty() && !LOGIN.matcher(organization).matches()) {
            problems.add("Organization: a GitHub login has letters, digits and single hyphens inside, at most 39"
                    + " characters (e.g. acme); leave it empty to register the App on your own account.");
        }
        if (name.isEmpty()
                || name.length() > AppManifest.MAX_NAME_LENGTH
                || name.chars().anyMatch(Character::isISOControl)) {
            problems.add("App name: 1 to " + AppManifest.MAX_NAME_LENGTH
                    + " characters, unique on GitHub (e.g. pitapat-acme).");
        }
        publicUrlProblem().ifPresent(problems::add);
        if (visibility != null && !visibility.equals("public") && !visibility.equals("private")) {
            problems.add("Who may install it: private or public.");
        }
        if (writeToFile && !canWriteFile) {
            problems.add("Writing the settings to a file needs pitapat.setup.write-to, which is not set.");
        }
        return List.copyOf(problems);
    }

    /** The public URL, checked; only once {@link #problems} found none. */
    URI publicUrl() {
        return URI.create(url.replaceAll("/+$", ""));
    }

    private Optional<String> publicUrlProblem() {
        String rule = "Public URL: the absolute https:// address GitHub reaches pitapat at, without a query, e.g."
                + " https://pitapat.example.com (the same as pitapat.public-url)";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of(rule + ".");
        }
        if (!uri.isAbsolute()
                || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            return Optional.of(rule + ".");
        }
        if (Loopback.host(uri.getHost())) {
            return Optional.of(rule + "; GitHub sends the webhooks there, so it cannot be this machine's loopback"
                    + " address (for a trial, a tunnel's https address works).");
        }
        return Optional.empty();
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }
}
