package dev.pitapat.status;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which requests the status page's guard (sign-in, or loopback clients only) leaves alone: the webhook's
 * ({@code POST /webhooks/github}, verified by its own signature), the actuator's, and the setup page's
 * ({@code /setup} and under it, which answers loopback clients only whether sign-in is configured or not:
 * {@code setup.SetupPage}). Everything else is the status page, {@code /api}, or signing in and out. Paths are judged
 * as the servlet container normalised them (servlet path and path info), so {@code /actuator/../api/apps} is
 * {@code /api/apps}.
 */
@Component
final class StatusPaths {

    /** The webhook servlet's one path ({@code webhook.WebhookConfiguration}). */
    static final String WEBHOOK = "/webhooks/github";

    /** The setup page and its callback ({@code setup.SetupPage}), which guard themselves. */
    static final String SETUP = "/setup";

    private final String actuator;

    StatusPaths(@Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
        this.actuator = actuatorBasePath.replaceAll("/+$", "");
    }

    /**
     * Whether the request is the webhook's, the actuator's or the setup page's, which no guard of the status page
     * touches.
     */
    boolean unguarded(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals(WEBHOOK)
                || path.equals(SETUP)
                || path.startsWith(SETUP + "/")
                // an actuator at the root (base-path "/") is not told apart from the pages: it is guarded too
                || !actuator.isEmpty() && (path.equals(actuator) || path.startsWith(actuator + "/"));
    }
}
