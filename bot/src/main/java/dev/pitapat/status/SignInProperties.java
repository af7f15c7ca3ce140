package dev.pitapat.status;

import dev.pitapat.model.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code pitapat.public-url}: the bot's own external URL (DESIGN.md section 1). Sign-in builds GitHub's callback
 * from it, {@code <public-url>/login/oauth2/code/github}; without it, from the address each request came to.
 * Checked when bound: an absolute {@code http(s)} URL without query or fragment; a trailing {@code /} is dropped.
 */
@ConfigurationProperties("pitapat")
record SignInProperties(Optional<String> publicUrl) {

    static final String PUBLIC_URL = "pitapat.public-url";

    SignInProperties {
        publicUrl = checked(publicUrl);
    }

    // Spring Boot binds an unset Optional as null rather than empty; blank counts as unset.
    private static Optional<String> checked(@Nullable Optional<String> publicUrl) {
        if (publicUrl == null || publicUrl.filter(url -> !url.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(publicUrl.get().strip());
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(PUBLIC_URL, "not an absolute http(s) URL");
        }
        if (!uri.isAbsolute()
                || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new InvalidSettingException(PUBLIC_URL, "not an absolute http(s) URL");
        }
        return Optional.of(uri.toString().replaceAll("/+$", ""));
    }
}
