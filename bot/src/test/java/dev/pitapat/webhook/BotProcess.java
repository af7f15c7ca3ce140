package dev.pitapat.webhook;

import dev.pitapat.PitapatApplication;
import dev.pitapat.store.DeliveryQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** One running bot (a replica), started in this JVM with its own port and settings. */
final class BotProcess implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private BotProcess(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts a bot; {@code issueComments}, when given, replaces how it handles {@code issue_comment}
     * (the rest of the bot is the real one).
     */
    static BotProcess start(Map<String, String> settings, WebhookHandler issueComments) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=0");
        settings.forEach((k, v) -> args.add("--" + k + "=" + v));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(PitapatApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties("spring.jmx.enabled=false");
        if (issueComments != null) {
            builder.initializers(ctx -> ctx.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof EventHandlers.IssueCommentHandler ? issueComments : bean;
                }
            }));
        }
        return new BotProcess(builder.run(args.toArray(String[]::new)));
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    DeliveryQueue queue() {
        return context.getBean(DeliveryQueue.class);
    }

    double counter(String event, String outcome) {
        var registry = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        var counter = registry.find("pitapat.deliveries")
                .tag("event", event)
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        context.close();
    }
}
