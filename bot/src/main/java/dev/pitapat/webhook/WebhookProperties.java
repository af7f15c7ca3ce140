package dev.pitapat.webhook;

import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The webhook's HMAC secret ({@code pitapat.github.webhook-secret}); a comma-separated list is accepted so
 * that a secret can be rotated without refusing deliveries signed with the old one.
 */
@ConfigurationProperties("pitapat.github")
public record WebhookProperties(String webhookSecret) {

    /** The configured secrets, trimmed; empty when none is set. */
    public List<String> secrets() {
        if (webhookSecret == null) {
            return List.of();
        }
        return Arrays.stream(webhookSecret.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    @Override
    public String toString() {
        return "WebhookProperties[webhookSecret=" + (secrets().isEmpty() ? "unset" : "set") + "]";
    }
}
