package dev.pitapat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * The training start of a JDK AOT cache ({@code ./pitapat}'s first start after a build, the image's
 * {@code add-aot-cache}): the bot starts as it will start for real, answers what Kubernetes asks first (its
 * readiness and liveness probes), and exits, so that the cache written at exit holds every class a start loads up
 * to its first answers (the web server's start and the first request's included). Stopping at the context's
 * refresh instead left about 1,100 classes to be loaded from jars at every start.
 *
 * <p>Only when the JVM runs with {@code -Dpitapat.aot-training=true}; {@link PitapatApplication#main} adds this
 * listener then and only then.
 */
final class AotTraining implements ApplicationListener<ApplicationReadyEvent> {

    /** The system property that makes a start a training start. */
    static final String PROPERTY = "pitapat.aot-training";

    static final List<String> PROBES = List.of("/actuator/health/readiness", "/actuator/health/liveness");

    private static final Logger log = LoggerFactory.getLogger(AotTraining.class);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final IntConsumer exit;

    AotTraining(IntConsumer exit) {
        this.exit = exit;
    }

    /** Whether this JVM was started to train an AOT cache. */
    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        // The readiness state turns to "accepting traffic" only after this event's listeners have run.
        var context = event.getApplicationContext();
        Thread.ofPlatform().name("aot-training").start(() -> {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            boolean answered = probe(port);
            int code = SpringApplication.exit(context);
            exit.accept(answered ? code : 1);
        });
    }

    /** Asks each probe until it answers 200 (the readiness probe turns 200 a moment after the start). */
    private static boolean probe(int port) {
        Instant deadline = Instant.now().plus(PATIENCE);
        try (HttpClient client = HttpClient.newBuilder().build()) {
            for (String path : PROBES) {
                var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build();
                while (true) {
                    int status = client.send(request, HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    if (status == 200) {
                        break;
                    }
                    if (Instant.now().isAfter(deadline)) {
                        log.error("AOT training start: {} still answers {} after {}", path, status, PATIENCE);
                        return false;
                    }
                    Thread.sleep(20);
                }
            }
            log.info("AOT training start: answered {}; stopping", PROBES);
            return true;
        } catch (IOException e) {
            log.error("AOT training start: the probes could not be asked: {}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
