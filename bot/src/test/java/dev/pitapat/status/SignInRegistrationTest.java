package dev.pitapat.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.github.GitHubProperties;
import dev.pitapat.model.InvalidSettingException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/** The GitHub registration Spring Security signs people in with, built from pitapat's settings. */
class SignInRegistrationTest {

    private static final String CLIENT_SECRET = "5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5";

    @Test
    void onGitHubComPeopleSignInAtGitHubAndComeBackToThePublicUrl() {
        ClientRegistration github = registration(Map.of("pitapat.public-url", "https://pitapat.example.com/"));

        assertThat(github.getRegistrationId()).isEqualTo("github");
        assertThat(github.getClientId()).isEqualTo("Iv23liAbCdEfGhIjKlMn");
        assertThat(github.getClientSecret()).isEqualTo(CLIENT_SECRET);
        assertThat(github.getClientAuthenticationMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        assertThat(github.getAuthorizationGrantType()).isEqualTo(AuthorizationGrantType.AUTHORIZATION_CODE);
        assertThat(github.getProviderDetails().getAuthorizationUri())
                .isEqualTo("https://github.com/login/oauth/authorize");
        assertThat(github.getProviderDetails().getTokenUri()).isEqualTo("https://github.com/login/oauth/access_token");
        assertThat(github.getProviderDetails().getUserInfoEndpoint().getUri()).isEqualTo("https://api.github.com/user");
        assertThat(github.getProviderDetails().getUserInfoEndpoint().getUserNameAttributeName())
                .isEqualTo("login");
        assertThat(github.getRedirectUri()).isEqualTo("https://pitapat.example.com/login/oauth2/code/github");
        assertThat(github.getScopes()).isEmpty(); // a GitHub App's user token has the App's permissions, no scopes
    }

    @Test
    void onGitHubEnterpriseTheWebAddressIsTheApisHost() {
        ClientRegistration github = registration(Map.of(
                "pitapat.github.api-url", "https://ghe.example.com/api/v3",
                "pitapat.public-url", "https://pitapat.example.com/bot"));

        assertThat(github.getProviderDetails().getAuthorizationUri())
                .isEqualTo("https://ghe.example.com/login/oauth/authorize");
        assertThat(github.getProviderDetails().getTokenUri())
                .isEqualTo("https://ghe.example.com/login/oauth/access_token");
        assertThat(github.getProviderDetails().getUserInfoEndpoint().getUri())
                .isEqualTo("https://ghe.example.com/api/v3/user");
        assertThat(github.getRedirectUri()).isEqualTo("https://pitapat.example.com/bot/login/oauth2/code/github");
    }

    @Test
    void withoutAPublicUrlGitHubComesBackToTheAddressTheRequestCameTo() {
        assertThat(registration(Map.of()).getRedirectUri()).isEqualTo("{baseUrl}/login/oauth2/code/{registrationId}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"pitapat.example.com", "ftp://pitapat.example.com", "https://", "https://h/?a=b", "https://u:p@h"
            })
    void aPublicUrlThatIsNotAnAbsoluteHttpUrlStopsStartUp(String publicUrl) {
        assertThatThrownBy(() -> site(Map.of("pitapat.public-url", publicUrl)))
                .rootCause()
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("pitapat.public-url: not an absolute http(s) URL");
    }

    private static ClientRegistration registration(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("pitapat.github.client-id", "Iv23liAbCdEfGhIjKlMn");
        all.put("pitapat.github.client-secret", CLIENT_SECRET);
        GitHubProperties github = new Binder(new MapConfigurationPropertySource(all))
                .bindOrCreate("pitapat.github", GitHubProperties.class);
        return SignInConfiguration.registration(github, site(all));
    }

    private static SignInProperties site(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("pitapat", SignInProperties.class);
    }
}
