package dev.pitapat.webhook;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    /**
     * {@code POST /webhooks/github} as a plain servlet. It looks {@link WebhookIntake} up on first use, so the
     * intake's settings are checked with the rest of the application, not while the web server starts.
     */
    @Bean
    ServletRegistrationBean<HttpServlet> webhookServlet(ObjectProvider<WebhookIntake> intake) {
        return new ServletRegistrationBean<>(new IntakeServlet(intake), "/webhooks/github");
    }

    private static final class IntakeServlet extends HttpServlet {
        private final transient ObjectProvider<WebhookIntake> intake;

        IntakeServlet(ObjectProvider<WebhookIntake> intake) {
            this.intake = intake;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            intake.getObject().handle(request, response);
        }
    }
}
