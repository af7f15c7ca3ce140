package dev.pitapat.setup;

import dev.pitapat.github.AppManifest;
import dev.pitapat.github.AppRegistrations;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.github.NewApp;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /setup}: registers pitapat's GitHub App through GitHub's App manifest flow, for the operator, before any
 * App is configured. No script (the policy header allows none), so it takes two forms: the first, to this page, asks
 * for the account (an organization, or the operator's own), the App's name, the public URL and who may install it;
 * the second shows the manifest ({@link AppManifest}) and posts it to GitHub's {@code /settings/apps/new} with a
 * {@code state} from {@link SetupStates}. GitHub creates the App and sends the browser back to
 * {@code /setup/callback?code=...&state=...}; the state must be one this process handed out and not used yet, or
 * nothing is sent to GitHub. The code is exchanged once ({@link AppRegistrations}) and the App's id, private key,
 * webhook secret and OAuth client are shown on that answer only, ready for a Kubernetes Secret, the Helm chart and
 * {@code ./pitapat} ({@link Handover}), or written to {@code pitapat.setup.write-to} when the operator asked for it.
 * They are kept nowhere else and never logged; every answer is {@code no-store}.
 *
 * <p>Who may use it, in every mode (sign-in configured or not; the status page's guards leave these paths to this
 * class): loopback clients only ({@code 403} otherwise), that reached it under a loopback name such as
 * {@code localhost} (so that no web site can reach it by pointing its own name at {@code 127.0.0.1}), and only while
 * no App is configured ({@code 404} once {@code pitapat.github.app-id} is set).
 */
@Controller
class SetupPage {

    static final String PATH = "/setup";
    static final String CALLBACK = AppManifest.SETUP_CALLBACK_PATH;

    private static final Logger log = LoggerFactory.getLogger(SetupPage.class);
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(
            null, ContentType.Html, SetupPage.class.getClassLoader(), SetupPage.class.getPackageName());
    private final GitHubProperties github;
    private final SetupProperties settings;
    private final Optional<String> configuredPublicUrl;
    private final SetupStates states;
    private final AppRegistrations registrations;
    private final String policy;

    SetupPage(
            GitHubProperties github,
            SetupProperties settings,
            Environment environment,
            Clock clock,
            MeterRegistry meters) {
        this.github = github;
        this.settings = settings;
        this.configuredPublicUrl = Optional.ofNullable(environment.getProperty("pitapat.public-url"))
                .map(String::strip)
                .filter(url -> !url.isEmpty())
                .map(url -> url.replaceAll("/+$", ""));
        this.states = new SetupStates(clock);
        this.registrations = new AppRegistrations(github.apiUrl(), meters);
        URI web = github.webUrl();
        String webOrigin = web.getScheme() + "://" + web.getRawAuthority();
        this.policy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self' " + webOrigin
                + "; frame-ancestors 'none'";
    }

    /**
     * The form; once filled in ({@code name} is there), checked and shown as the manifest to send to GitHub; with
     * {@code edit}, the form again as filled in.
     */
    @GetMapping(PATH)
    ResponseEntity<String> setup(
            @RequestParam(name = "state", required = false) @Nullable String state,
            @RequestParam(name = "organization", required = false) @Nullable String organization,
            @RequestParam(name = "name", required = false) @Nullable String name,
            @RequestParam(name = "url", required = false) @Nullable String url,
            @RequestParam(name = "visibility", required = false) @Nullable String visibility,
            @RequestParam(name = "gitops", required = false) @Nullable String gitops,
            @RequestParam(name = "write", required = false) @Nullable String write,
            @RequestParam(name = "edit", required = false) @Nullable String edit,
            HttpServletRequest request) {
        open(request);
        if (name == null) {
            return form(HttpStatus.OK, SetupForm.defaults(configuredPublicUrl), List.of(), states.issue());
        }
        SetupForm form = SetupForm.submitted(organization, name, url, visibility, gitops, write);
        if (edit != null) {
            return form(HttpStatus.OK, form, List.of(), state != null && states.live(state) ? state : states.issue());
        }
        if (state == null || !states.live(state)) {
            return form(
                    HttpStatus.BAD_REQUEST,
                    form,
                    List.of("This form is over an hour old, its registration was finished already, or pitapat restarted"
                            + " since it was shown: check it and send it again."),
                    states.issue());
        }
        List<String> problems = form.problems(settings.file().isPresent(), visibility);
        if (!problems.isEmpty()) {
            return form(HttpStatus.BAD_REQUEST, form, problems, state);
        }
        URI publicUrl = form.publicUrl();
        states.prepare(state, new SetupStates.Choice(publicUrl, form.writeToFile()));
        AppManifest.Settings manifest = new AppManifest.Settings(
                form.name(), publicUrl, browserAddress(request), form.isPublic(), form.pushesGitOps());
        String web = github.webUrl().toString().replaceAll("/+$", "");
        String newApp = form.organization().isEmpty()
                ? web + "/settings/apps/new"
                : web + "/organizations/" + form.organization() + "/settings/apps/new";
        return page(
                HttpStatus.OK,
                "review.jte",
                new SetupViews.Review(
                        form,
                        form.organization().isEmpty()
                                ? "your own GitHub account"
                                : "the GitHub organization " + form.organization(),
                        newApp + "?state=" + state,
                        AppManifest.text(manifest),
                        AppManifest.readable(manifest),
                        URI.create(publicUrl + AppManifest.WEBHOOK_PATH),
                        URI.create(publicUrl + AppManifest.SIGN_IN_CALLBACK_PATH),
                        URI.create(browserAddress(request) + CALLBACK),
                        AppManifest.permissions(form.pushesGitOps()),
                        AppManifest.EVENTS,
                        AppManifest.ALWAYS_DELIVERED,
                        change(form, state),
                        form.writeToFile() ? settings.writeTo() : Optional.empty()));
    }

    /** The form again, as filled in, with the same state. */
    private static String change(SetupForm form, String state) {
        StringBuilder link = new StringBuilder(PATH + "?edit=1");
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("state", state);
        fields.put("organization", form.organization());
        fields.put("name", form.name());
        fields.put("url", form.url());
        fields.put("visibility", form.isPublic() ? "public" : "private");
        if (form.pushesGitOps()) {
            fields.put("gitops", "app");
        }
        if (form.writeToFile()) {
            fields.put("write", "file");
        }
        fields.forEach((field, value) ->
                link.append('&').append(field).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return link.toString();
    }

    /** Where GitHub sends the browser back with the code: exchanged once, the new App's settings shown once. */
    @GetMapping(CALLBACK)
    ResponseEntity<String> callback(
            @RequestParam(name = "code", required = false) @Nullable String code,
            @RequestParam(name = "state", required = false) @Nullable String state,
            HttpServletRequest request) {
        open(request);
        if (state == null || state.isBlank()) {
            throw Refusals.noState();
        }
        if (code == null || !AppRegistrations.wellFormed(code)) {
            throw Refusals.noCode();
        }
        Optional<SetupStates.Choice> choice = states.take(state);
        if (choice.isEmpty()) {
            throw Refusals.unknownState(github.webUrl());
        }
        NewApp app;
        try {
            app = registrations.convert(code);
        } catch (GitHubException e) {
            log.warn("Registering the GitHub App through the setup page failed: {}", e.getMessage());
            throw Refusals.by(e, github.webUrl());
        }
        return registered(app, choice.get());
    }

    private ResponseEntity<String> registered(NewApp app, SetupStates.Choice choice) {
        Handover handover = new Handover(app, choice.publicUrl());
        Optional<String> writtenTo = Optional.empty();
        Optional<String> notWritten = Optional.empty();
        Optional<Path> file = settings.file();
        if (choice.writeToFile() && file.isPresent()) {
            try {
                SettingsFile.write(file.get(), fileText(handover));
                writtenTo = Optional.of(file.get().toString());
            } catch (SettingsFile.NotWritten e) {
                notWritten = Optional.of("pitapat could not write " + file.get() + ": " + e.getMessage()
                        + ". The settings are shown below instead, this once.");
            }
        }
        log.info(
                "GitHub App {} (id {}) of {} registered through the setup page; its credentials were {}, and are kept"
                        + " nowhere else",
                app.slug(),
                app.id(),
                app.owner(),
                writtenTo.map(path -> "written to " + path).orElse("shown to the operator once"));
        return page(
                HttpStatus.OK,
                "registered.jte",
                new SetupViews.Registered(
                        app.id(),
                        app.slug(),
                        app.owner(),
                        app.htmlUrl(),
                        URI.create(app.htmlUrl().toString().replaceAll("/+$", "") + "/installations/new"),
                        writtenTo.isPresent() ? Optional.empty() : Optional.of(handover),
                        writtenTo,
                        notWritten,
                        choice.publicUrl().toString(),
                        configuredPublicUrl.equals(
                                Optional.of(choice.publicUrl().toString()))));
    }

    /** The settings file: a header saying what it is and how to use it, then the environment block. */
    private static String fileText(Handover handover) {
        NewApp app = handover.app();
        return "# The GitHub App " + app.slug() + " (id " + app.id() + ", owned by " + app.owner() + "), registered"
                + " through pitapat's setup page.\n"
                + "# Start pitapat with it:  set -a; . <this file>; set +a; ./pitapat\n"
                + handover.environment();
    }

    /**
     * Lets a request through: from a loopback client, under a loopback name, while no App is configured. Forwarded-for
     * headers count only as far as the servlet container applies them ({@code server.forward-headers-strategy}).
     */
    private void open(HttpServletRequest request) {
        String here = "http://localhost:" + request.getLocalPort() + PATH;
        if (!Loopback.address(request.getRemoteAddr())) {
            throw Refusals.notLoopback(here);
        }
        if (!Loopback.host(request.getServerName())) {
            throw Refusals.notALoopbackName(here);
        }
        if (github.appConfigured()) {
            throw Refusals.appConfigured();
        }
    }

    /** The address the operator's browser reached this page at; a loopback name ({@link #open}). */
    private static URI browserAddress(HttpServletRequest request) {
        String scheme = request.getScheme();
        String host = request.getServerName();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = request.getServerPort();
        boolean usual = scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return URI.create(scheme + "://" + host + (usual || port <= 0 ? "" : ":" + port));
    }

    private ResponseEntity<String> form(HttpStatus status, SetupForm form, List<String> problems, String state) {
        Optional<String> writeTo = settings.writeTo();
        return page(
                status,
                "form.jte",
                new SetupViews.Form(
                        form,
                        problems,
                        state,
                        writeTo,
                        settings.file().map(Files::exists).orElse(false),
                        configuredPublicUrl.isPresent()));
    }

    @ExceptionHandler(Refusals.Refused.class)
    ResponseEntity<String> refused(Refusals.Refused refused) {
        return page(refused.status(), "refused.jte", refused.view());
    }

    private ResponseEntity<String> page(HttpStatus status, String template, Object view) {
        StringOutput html = new StringOutput();
        templates.render(template, Map.of("view", view), html);
        return ResponseEntity.status(status)
                .contentType(HTML)
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", policy)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .body(html.toString());
    }
}
