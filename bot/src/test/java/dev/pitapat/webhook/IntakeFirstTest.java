package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;

import dev.pitapat.github.GitHubGateway;
import dev.pitapat.testing.Payloads;
import dev.pitapat.testing.WebhookClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/** A burst of webhooks: intake comes first, the workers start few deliveries, and catch up once it passes. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pitapat.github.webhook-secret=" + IntakeFirstTest.SECRET,
            "pitapat.queue.burst-rate=50",
            "pitapat.queue.burst-starts=10",
            "pitapat.gitops.repo=${java.io.tmpdir}/pitapat-intake-first-test/gitops.git",
            "pitapat.gitops.workdir=${java.io.tmpdir}/pitapat-intake-first-test/work",
            "pitapat.local-github.dir=${java.io.tmpdir}/pitapat-intake-first-test/local-github"
        })
class IntakeFirstTest {

    static final String SECRET = "intake-first";

    @LocalServerPort
    int port;

    @MockitoSpyBean
    EventHandlers.IssueCommentHandler comments;

    @MockitoSpyBean
    GitHubGateway gateway;

    @Test
    void duringABurstTheWorkersStartFewDeliveriesAndWorkOffTheRestOnceItPasses() throws Exception {
        doReturn(true).when(gateway).actsOn(any());
        AtomicInteger handled = new AtomicInteger();
        doAnswer(call -> {
                    handled.incrementAndGet();
                    return null;
                })
                .when(comments)
                .handle(any());
        WebhookClient github = new WebhookClient(port, SECRET);
        byte[] comment = Payloads.commentOnPullRequest(7, "/deploy staging").bytes();

        AtomicInteger accepted = new AtomicInteger();
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            done.add(senders.submit(() -> {
                while (sending.get()) {
                    if (github.deliver("issue_comment", UUID.randomUUID().toString(), comment)
                                    .statusCode()
                            == 202) {
                        accepted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        long started = System.nanoTime();
        // a burst: far more than 50 webhooks a second, for at least two seconds
        await().atMost(Duration.ofMinutes(2))
                .until(() -> accepted.get() >= 400 && System.nanoTime() - started > 2_000_000_000L);
        sending.set(false);
        for (Future<?> f : done) {
            f.get();
        }
        senders.shutdown();
        int handledDuringBurst = handled.get();
        double seconds = (System.nanoTime() - started) / 1e9;

        // 10 starts a second once the burst is seen (it is measured over 100 ms); at full speed the workers keep
        // up with every webhook, as the same test with burst-rate=0 shows
        assertThat(handledDuringBurst)
                .as("handled during %.1f s of burst, of %d accepted", seconds, accepted.get())
                .isLessThan(accepted.get() / 4);
        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> assertThat(handled).hasValue(accepted.get()));
    }
}
