package dev.pitapat.status;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Without "Sign in with GitHub" configured, the status page and {@code /api} answer loopback clients only: they
 * show repositories, deliveries and errors, which only people who can read those repositories should see. With
 * sign-in configured this filter lets everything through: everyone signs in ({@link SignInConfiguration}). Forwarded-for
 * headers are not trusted. The webhook, the actuator and the setup page are not its to guard ({@link StatusPaths}).
 */
@Component
class LoopbackOnlyFilter extends OncePerRequestFilter {

    private final StatusPaths paths;
    private final SignInChoice signIn;

    LoopbackOnlyFilter(StatusPaths paths, SignInChoice signIn) {
        this.paths = paths;
        this.signIn = signIn;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return paths.unguarded(request) || signIn.configured();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isLoopback(request.getRemoteAddr())) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter()
                .write("{\"error\":\"the status pages and /api answer loopback clients only; open them from the"
                        + " bot's host (for example through kubectl port-forward)\"}");
    }

    private static boolean isLoopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException notAnAddress) {
            return false;
        }
    }
}
