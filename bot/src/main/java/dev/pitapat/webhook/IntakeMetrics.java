package dev.pitapat.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * {@code pitapat.deliveries} by event and outcome (queued, ignored, duplicate, refused_4xx/5xx, unavailable,
 * processed, retried, failed) and {@code pitapat.handler.duration} by event. Counters are looked up once and
 * kept, so counting costs the hot path nothing but an increment.
 */
@Component
class IntakeMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String event, String outcome) {
        counters.computeIfAbsent(
                        event + '\u0000' + outcome,
                        key -> Counter.builder("pitapat.deliveries")
                                .description("Webhook deliveries by event and outcome")
                                .tag("event", event)
                                .tag("outcome", outcome)
                                .register(registry))
                .increment();
    }

    Timer handlerTimer(String event) {
        return timers.computeIfAbsent(
                event,
                key -> Timer.builder("pitapat.handler.duration")
                        .description("Time a handler took for one delivery, failed attempts included")
                        .tag("event", event)
                        .publishPercentileHistogram()
                        .register(registry));
    }
}
