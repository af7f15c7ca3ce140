package dev.pitapat.deploy;

import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where deployed apps are reached: {@code pitapat.base-domain} and {@code pitapat.tls.*} (DESIGN.md
 * section 1).
 */
@ConfigurationProperties("pitapat")
record SiteProperties(
        @DefaultValue("apps.localhost") String baseDomain,
        @DefaultValue Tls tls) {

    record Tls(@DefaultValue("letsencrypt") String clusterIssuer, Optional<String> wildcardSecret) {
        Tls {
            wildcardSecret = wildcardSecret == null ? Optional.empty() : wildcardSecret.filter(s -> !s.isBlank());
        }
    }
}
