package dev.pitapat.setup;

import dev.pitapat.github.GitHubException;
import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * What the setup page answers when it does not go on: each refusal with its status, what happened and what to do. A
 * refusal that sent nothing to GitHub says so; one after GitHub created the App says how to remove it.
 */
final class Refusals {

    private Refusals() {}

    /** A request the setup page does not serve, with the page that says why. */
    static final class Refused extends RuntimeException {
        private final HttpStatus status;
        private final SetupViews.Refused view;

        Refused(HttpStatus status, SetupViews.Refused view) {
            super(view.message(), null, false, false);
            this.status = status;
            this.view = view;
        }

        HttpStatus status() {
            return status;
        }

        SetupViews.Refused view() {
            return view;
        }
    }

    static Refused notLoopback(String here) {
        return new Refused(
                HttpStatus.FORBIDDEN,
                new SetupViews.Refused(
                        "Loopback clients only",
                        "The setup page registers the GitHub App and shows its private key, so it answers loopback"
                                + " clients only. Open " + here
                                + " on the bot's host, or through kubectl port-forward.",
                        false));
    }

    static Refused notALoopbackName(String here) {
        return new Refused(
                HttpStatus.FORBIDDEN,
                new SetupViews.Refused(
                        "Open it as localhost",
                        "The setup page answers only under a loopback name, such as " + here + " or 127.0.0.1, so"
                                + " that no web site can reach it by pointing its own name at this machine.",
                        false));
    }

    static Refused appConfigured() {
        return new Refused(
                HttpStatus.NOT_FOUND,
                new SetupViews.Refused(
                        "The GitHub App is configured",
                        "pitapat.github.app-id is set, so the setup page is closed. Change the App in its settings on"
                                + " GitHub; to register another one, remove pitapat.github.app-id and its private key"
                                + " first.",
                        false));
    }

    static Refused noState() {
        return new Refused(
                HttpStatus.BAD_REQUEST,
                new SetupViews.Refused(
                        "No state",
                        "This address is where GitHub sends you back after creating the App from the setup page, with"
                                + " the state the page gave it; this request has none, so nothing was sent to GitHub."
                                + " Start at " + SetupPage.PATH + ".",
                        true));
    }

    static Refused noCode() {
        return new Refused(
                HttpStatus.BAD_REQUEST,
                new SetupViews.Refused(
                        "No code",
                        "GitHub sends you back here with a code (letters and digits) once it has created the App; this"
                                + " request has none, so nothing was sent to GitHub. If GitHub showed an error, start"
                                + " again at " + SetupPage.PATH + ".",
                        true));
    }

    static Refused unknownState(URI web) {
        return new Refused(
                HttpStatus.BAD_REQUEST,
                new SetupViews.Refused(
                        "Unknown state",
                        "This state is not one this pitapat handed out, was used already, or is over an hour old (or"
                                + " pitapat restarted since), so nothing was sent to GitHub. Start again at "
                                + SetupPage.PATH + ". If GitHub created an App meanwhile, delete it in its settings on"
                                + " GitHub (" + web + "/settings/apps, or the organization's), or register another"
                                + " name.",
                        true));
    }

    /** GitHub did not hand over the new App's credentials: it refused the code, failed, or was not reached. */
    static Refused by(GitHubException e, URI web) {
        int status = e.status().orElse(0);
        String answer = status == 0
                ? "not reachable"
                : status + e.gitHubMessage().map(m -> " " + m).orElse("");
        String startAgain = " Start again at " + SetupPage.PATH + ". GitHub has created the App already: delete it in"
                + " its settings on GitHub (" + web + "/settings/apps, or the organization's), or give the new one"
                + " another name.";
        if (status == 404 || status == 422) {
            return new Refused(
                    HttpStatus.BAD_REQUEST,
                    new SetupViews.Refused(
                            "GitHub refused the code",
                            "GitHub did not hand over the new App's credentials (" + answer + "): its code works once,"
                                    + " within an hour of starting the registration." + startAgain,
                            true));
        }
        return new Refused(
                HttpStatus.BAD_GATEWAY,
                new SetupViews.Refused(
                        "GitHub did not answer",
                        "pitapat could not get the new App's credentials from GitHub (" + answer + "). The code cannot"
                                + " be tried twice." + startAgain,
                        true));
    }
}
