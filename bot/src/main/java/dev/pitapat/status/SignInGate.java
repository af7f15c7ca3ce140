package dev.pitapat.status;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Sends every request but the webhook's, the actuator's and the setup page's ({@link StatusPaths}) through Spring
 * Security's filters (sign-in, session, CSRF): the status page, {@code /api}, and the sign-in and sign-out addresses.
 * The webhook, the actuator and the setup page never enter them: no session, no CSRF check, no redirect, no added
 * header or cost (the setup page answers loopback clients only, signed in or not). Without sign-in configured nothing
 * does ({@link LoopbackOnlyFilter} guards the pages then).
 */
final class SignInGate implements Filter {

    private final Filter security;
    private final StatusPaths paths;
    private final SignInChoice signIn;

    SignInGate(Filter security, StatusPaths paths, SignInChoice signIn) {
        this.security = security;
        this.paths = paths;
        this.signIn = signIn;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!signIn.configured() || request instanceof HttpServletRequest http && paths.unguarded(http)) {
            chain.doFilter(request, response);
            return;
        }
        security.doFilter(request, response, chain);
    }
}
