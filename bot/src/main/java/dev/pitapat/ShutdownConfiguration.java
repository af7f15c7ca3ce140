package dev.pitapat;

import dev.pitapat.model.ShutdownGrace;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * {@code pitapat.shutdown-grace} (20 s): on {@code SIGTERM} the web server stops taking requests, then deliveries
 * and deploys in flight have until this long after the signal to finish; the rest is handed back. 20 s leaves room
 * within Kubernetes' default 30 s termination grace.
 */
@Configuration(proxyBeanMethods = false)
class ShutdownConfiguration {

    private final ShutdownGrace grace;

    ShutdownConfiguration(@Value("${pitapat.shutdown-grace:20s}") Duration grace) {
        this.grace = new ShutdownGrace(grace);
    }

    @Bean
    ShutdownGrace shutdownGrace() {
        return grace;
    }

    @EventListener
    void closing(ContextClosedEvent event) {
        grace.asked(Instant.ofEpochMilli(event.getTimestamp()));
    }
}
