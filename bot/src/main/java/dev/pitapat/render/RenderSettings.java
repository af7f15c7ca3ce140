package dev.pitapat.render;

import java.util.Locale;
import java.util.Optional;

/**
 * The operator's settings that shape every rendered Ingress (DESIGN.md section 1).
 *
 * @param baseDomain {@code pitapat.base-domain}: default hosts are {@code <app>-<env>.<base-domain>}
 * @param clusterIssuer {@code pitapat.tls.cluster-issuer}: the cert-manager ClusterIssuer of per-host certificates
 * @param wildcardSecret {@code pitapat.tls.wildcard-secret}: a Secret holding a {@code *.<base-domain>}
 *     certificate, shared by the hosts it covers instead of one certificate each
 */
public record RenderSettings(String baseDomain, String clusterIssuer, Optional<String> wildcardSecret) {

    /** The embedded defaults: {@code apps.localhost}, {@code letsencrypt}, no wildcard certificate. */
    public static final RenderSettings DEFAULT = new RenderSettings("apps.localhost", "letsencrypt", Optional.empty());

    private static final int MAX_DOMAIN = 200;

    /** Refuses names Kubernetes would refuse with {@link IllegalArgumentException} naming the setting. */
    public RenderSettings {
        if (!isDnsName(baseDomain, MAX_DOMAIN)) {
            throw new IllegalArgumentException("base-domain must be a lower-case DNS name such as apps.example.com");
        }
        if (!isDnsName(clusterIssuer, 253)) {
            throw new IllegalArgumentException(
                    "cluster-issuer must be a Kubernetes object name: lower-case letters, digits, '-' and '.'");
        }
        if (wildcardSecret.isPresent() && !isDnsName(wildcardSecret.get(), 253)) {
            throw new IllegalArgumentException(
                    "wildcard-secret must be a Kubernetes object name: lower-case letters, digits, '-' and '.'");
        }
    }

    /** Whether a wildcard certificate for the base domain covers {@code host}: exactly one label below it. */
    boolean wildcardCovers(String host) {
        String suffix = "." + baseDomain;
        return wildcardSecret.isPresent()
                && host.endsWith(suffix)
                && host.length() > suffix.length()
                && host.substring(0, host.length() - suffix.length()).indexOf('.') < 0;
    }

    /** Dot-separated DNS-1123 labels, lower case. */
    static boolean isDnsName(String text, int maxLength) {
        if (text.isEmpty() || text.length() > maxLength || !text.equals(text.toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (String label : text.split("\\.", -1)) {
            if (!Names.isLabel(label)) {
                return false;
            }
        }
        return true;
    }
}
