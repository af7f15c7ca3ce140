package dev.pitapat.setup;

import dev.pitapat.github.AppManifest;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** What each of the setup page's views shows; rendered from {@code src/main/jte-setup/}. */
final class SetupViews {

    private SetupViews() {}

    /**
     * The form: the operator's choices, what is wrong with them, the state it goes with, and the file the settings may
     * be written to ({@code pitapat.setup.write-to}; {@code fileExists}: pitapat would not overwrite it).
     */
    record Form(
            SetupForm form,
            List<String> problems,
            String state,
            Optional<String> writeTo,
            boolean fileExists,
            boolean publicUrlConfigured) {}

    /**
     * The manifest about to be sent to GitHub: for which account, the form that posts it to GitHub ({@code action},
     * with the state, and {@code manifest}, its JSON), and the same for people to read; {@code change} goes back to
     * the form as filled in.
     */
    record Review(
            SetupForm form,
            String account,
            String action,
            String manifest,
            String readable,
            URI webhookUrl,
            URI signInCallback,
            URI redirectUrl,
            List<AppManifest.Grant> permissions,
            List<AppManifest.Event> events,
            List<AppManifest.Event> alwaysDelivered,
            String change,
            Optional<String> writeTo) {}

    /**
     * GitHub registered the App: its settings are either shown ({@code shown}) or were written to {@code writtenTo};
     * {@code notWritten} says why writing failed (they are shown then).
     */
    record Registered(
            long id,
            String slug,
            String owner,
            URI htmlUrl,
            URI installUrl,
            Optional<Handover> shown,
            Optional<String> writtenTo,
            Optional<String> notWritten,
            String publicUrl,
            boolean publicUrlConfigured) {}

    /** A refusal: a title, what happened and what to do; a link to start again where that helps. */
    record Refused(String title, String message, boolean startAgain) {}
}
