package dev.pitapat.github;

import java.net.URI;
import java.util.List;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The GitHub App pitapat is, as a GitHub App manifest: the one list of the permissions it asks for and the webhook
 * events it subscribes to, each with the reason pitapat needs it. The setup page ({@code GET /setup}) registers the
 * App from it; {@code github-app-manifest.json} at the repository's root is written from it, and a test keeps the
 * two equal.
 *
 * <p>The permissions follow the REST calls pitapat makes ({@link GitHubRestGateway}, {@link GitHubAppClient},
 * {@link InstallationTokens}) and the Git pushes it makes to a GitOps repository on GitHub with the App's token; the
 * events follow the webhook handlers. {@code installation} and {@code installation_repositories} are handled too,
 * but GitHub sends them to every App and they cannot be subscribed to, so they are not in the manifest
 * ({@link #ALWAYS_DELIVERED}). Sign-in for the status page adds no permission: a person's token reads only what both
 * the App and the person may read ({@code GET /user/installations} needs none).
 */
public final class AppManifest {

    /** Where GitHub sends the App's webhooks, under the bot's public URL ({@code webhook.WebhookConfiguration}). */
    public static final String WEBHOOK_PATH = "/webhooks/github";

    /** Where GitHub sends a person back after signing in, under the public URL ({@code status.SignInConfiguration}). */
    public static final String SIGN_IN_CALLBACK_PATH = "/login/oauth2/code/github";

    /** Where GitHub sends the operator back after registering the App from the manifest. */
    public static final String SETUP_CALLBACK_PATH = "/setup/callback";

    /** GitHub refuses longer App names. */
    public static final int MAX_NAME_LENGTH = 34;

    static final String DESCRIPTION = "Deploys pull requests to Kubernetes the GitOps way: /deploy, /rollback and"
            + " /promote in pull request comments, reported as check runs, deployments and one comment per environment.";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AppManifest() {}

    /** A repository permission GitHub grants the App, at {@code access} ({@code read} or {@code write}), and why. */
    public record Grant(String permission, String access, String why) {}

    /** A webhook event the App receives, and what pitapat does with it. */
    public record Event(String name, String why) {}

    /**
     * What the operator chooses when registering the App.
     *
     * @param name the App's name on GitHub (at most {@value #MAX_NAME_LENGTH} characters)
     * @param publicUrl the bot's public URL ({@code pitapat.public-url}): its homepage, webhook and sign-in callback
     * @param setupUrl where the operator's browser reached the setup page; GitHub sends it back to its callback there
     * @param isPublic whether accounts other than the owner may install the App
     * @param pushesGitOps whether pitapat pushes to a GitOps repository on GitHub with the App's own token, which
     *     needs the Contents permission at {@code write} (otherwise {@code read})
     */
    public record Settings(String name, URI publicUrl, URI setupUrl, boolean isPublic, boolean pushesGitOps) {}

    /** The settings of the manifest at the repository's root: an example public URL, the setup page on port 8080. */
    public static Settings example() {
        return new Settings(
                "pitapat", URI.create("https://pitapat.example.com"), URI.create("http://localhost:8080"), false, true);
    }

    /** The webhook events pitapat subscribes to, by name. */
    public static final List<Event> EVENTS = List.of(
            new Event(
                    "check_run",
                    "a press of a check run's button (Promote, Abort, Rollback: requested_action); a completed"
                            + " check run lets a deploy waiting for its build-check look again"),
            new Event("check_suite", "a completed check suite lets a deploy waiting for its build-check look again"),
            new Event(
                    "issue_comment",
                    "the commands (/deploy, /rollback, /promote, ...) people type in pull request comments"),
            new Event("pull_request", "a closed pull request's preview environment is removed"),
            new Event("push", "a push to the default branch deploys the environments marked deploy-on: push"),
            new Event(
                    "status",
                    "a commit status that changed lets a deploy waiting for its build-check look again (CI that"
                            + " reports commit statuses rather than check runs)"));

    /** Events GitHub sends every App without a subscription (none can subscribe to them); pitapat logs them. */
    public static final List<Event> ALWAYS_DELIVERED = List.of(
            new Event("installation", "the App installed, suspended or removed"),
            new Event("installation_repositories", "repositories added to or removed from an installation"));

    /**
     * The repository permissions pitapat needs, by name; Contents at {@code write} when it pushes GitOps or opens
     * onboarding pull requests (the default), else {@code read}.
     */
    public static List<Grant> permissions(boolean pushesGitOps) {
        return List.of(
                new Grant(
                        "checks",
                        "write",
                        "creates and updates the deploy/<env>, build and capacity check runs with their buttons;"
                                + " reads a commit's check runs for build-check and requires: checks-passed"),
                pushesGitOps
                        ? new Grant(
                                "contents",
                                "write",
                                "reads .github/pitapat.yml, a commit's pull requests and pushes; pushes the deploy"
                                        + " commits to a GitOps repository on GitHub with the App's installation token;"
                                        + " creates the onboarding pull request's branch and file; makes read-only"
                                        + " clone tokens for builds")
                        : new Grant(
                                "contents",
                                "read",
                                "reads .github/pitapat.yml, a commit's pull requests and pushes; makes read-only clone"
                                        + " tokens for builds (no onboarding pull request: set"
                                        + " pitapat.onboarding.enabled=false)"),
                new Grant(
                        "deployments",
                        "write",
                        "creates a GitHub Deployment per deploy and posts its statuses (in_progress, success,"
                                + " inactive, ...)"),
                new Grant(
                        "issues",
                        "write",
                        "writes the sticky comment per environment and the replies to commands, reacts to command"
                                + " comments; GitHub sends issue_comment only to Apps with this permission"),
                new Grant(
                        "metadata",
                        "read",
                        "reads a commenter's role on the repository (collaborators/{login}/permission); every App"
                                + " has it"),
                new Grant(
                        "pull_requests",
                        "write",
                        "reads the pull request (head, fork or not), its commits and reviews (requires: approved);"
                                + " opens the one onboarding pull request of a repository without"
                                + " .github/pitapat.yml"),
                new Grant(
                        "statuses",
                        "read",
                        "reads a commit's combined status for build-check and requires: checks-passed"));
    }

    /** The manifest GitHub takes in the {@code manifest} field of {@code /settings/apps/new}. */
    public static ObjectNode of(Settings settings) {
        String base = withoutTrailingSlash(settings.publicUrl());
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("name", settings.name());
        manifest.put("url", base);
        manifest.put("description", DESCRIPTION);
        ObjectNode hook = manifest.putObject("hook_attributes");
        hook.put("url", base + WEBHOOK_PATH);
        hook.put("active", true);
        manifest.put("redirect_url", withoutTrailingSlash(settings.setupUrl()) + SETUP_CALLBACK_PATH);
        manifest.putArray("callback_urls").add(base + SIGN_IN_CALLBACK_PATH);
        manifest.put("request_oauth_on_install", false);
        manifest.put("public", settings.isPublic());
        ObjectNode permissions = manifest.putObject("default_permissions");
        for (Grant grant : permissions(settings.pushesGitOps())) {
            permissions.put(grant.permission(), grant.access());
        }
        var events = manifest.putArray("default_events");
        EVENTS.forEach(event -> events.add(event.name()));
        return manifest;
    }

    /** The manifest as one line of JSON, as the form sends it. */
    public static String text(Settings settings) {
        return JSON.writeValueAsString(of(settings));
    }

    /** The manifest as indented JSON, one value a line, for people to read; ends with a newline. */
    public static String readable(Settings settings) {
        DefaultIndenter lines = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(
                        Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(lines)
                .withArrayIndenter(lines);
        return JSON.writer().with(printer).writeValueAsString(of(settings)) + "\n";
    }

    private static String withoutTrailingSlash(URI url) {
        return url.toString().replaceAll("/+$", "");
    }
}
