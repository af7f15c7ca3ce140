package dev.pitapat.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenderSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "Apps.Example.com", "apps..example.com", "-apps.example.com", "apps example.com"})
    void refusesABaseDomainThatIsNotADnsName(String domain) {
        assertThatThrownBy(() -> new RenderSettings(domain, "letsencrypt", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base-domain");
    }

    @Test
    void aWildcardCoversExactlyOneLabelBelowTheBaseDomain() {
        RenderSettings settings = new RenderSettings("apps.example.com", "letsencrypt", Optional.of("wildcard"));

        assertThat(settings.wildcardCovers("hello-staging.apps.example.com")).isTrue();
        assertThat(settings.wildcardCovers("a.b.apps.example.com")).isFalse();
        assertThat(settings.wildcardCovers("hello.example.com")).isFalse();
        assertThat(settings.wildcardCovers("evilapps.example.com")).isFalse();
        assertThat(RenderSettings.DEFAULT.wildcardCovers("hello-staging.apps.localhost"))
                .as("no wildcard secret, nothing covered")
                .isFalse();
    }
}
