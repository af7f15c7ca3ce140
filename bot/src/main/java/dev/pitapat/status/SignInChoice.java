package dev.pitapat.status;

import dev.pitapat.github.GitHubProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Whether "Sign in with GitHub" is configured ({@link GitHubProperties#signInConfigured()}), read when a request
 * first asks. The filters that ask are registered while the web server starts, before the settings are bound:
 * binding them there would turn a bad setting into the web server's failure rather than its own one-line answer.
 */
@Component
final class SignInChoice {

    private final ObjectProvider<GitHubProperties> github;
    private volatile Boolean configured;

    SignInChoice(ObjectProvider<GitHubProperties> github) {
        this.github = github;
    }

    boolean configured() {
        Boolean known = configured;
        if (known == null) {
            known = github.getObject().signInConfigured();
            configured = known;
        }
        return known;
    }
}
