package dev.pitapat.burst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pitapat.burst.FakeCompute.Delete;
import dev.pitapat.burst.FakeCompute.Resize;
import dev.pitapat.burst.InstanceGroup.GroupState;
import dev.pitapat.burst.InstanceGroup.Instance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The real adapter over {@code google-cloud-compute}, against {@link FakeCompute}: Compute's REST paths, bodies,
 * operations and error shapes at WireMock on {@code 127.0.0.1}. The adapter's waits are recorded, not slept.
 */
class ComputeInstanceGroupTest {

    static final String PROJECT = "acme-burst";
    static final String ZONE = "europe-west1-b";
    static final String GROUP = "burst";
    static final String MANAGER = "/compute/v1/projects/acme-burst/zones/europe-west1-b/instanceGroupManagers/burst";
    static final String OPERATIONS = "/compute/v1/projects/acme-burst/zones/europe-west1-b/operations/";
    static final String REQUEST_ID = "6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b";

    FakeCompute compute;
    InstanceGroup group;

    @BeforeEach
    void start() {
        compute = FakeCompute.start(PROJECT, ZONE, GROUP).instances("burst-a", "burst-b", "burst-c");
        group = compute.group();
    }

    @AfterEach
    void stop() {
        compute.close();
    }

    @Test
    void stateReadsTheTargetSizeAndEachInstanceByName() {
        assertThat(group.available()).isTrue();

        assertThat(group.state())
                .isEqualTo(new GroupState(
                        3,
                        List.of(
                                new Instance("burst-a", "RUNNING", "NONE"),
                                new Instance("burst-b", "RUNNING", "NONE"),
                                new Instance("burst-c", "RUNNING", "NONE"))));
        assertThat(compute.requests()).containsExactly("GET " + MANAGER, "POST " + MANAGER + "/listManagedInstances");
    }

    @Test
    void resizeSendsTheSizeAndRequestIdAndWaitsUntilTheOperationIsDone() {
        compute.operationRunningFor(2);

        GroupState state = group.resize(4, REQUEST_ID);

        assertThat(state.targetSize()).isEqualTo(4);
        assertThat(state.instances()).last().isEqualTo(new Instance("burst-0001", "", "CREATING"));
        assertThat(compute.requests())
                .containsExactly(
                        "POST " + MANAGER + "/resize?size=4&requestId=" + REQUEST_ID,
                        "GET " + OPERATIONS + "operation-1700000000000-00001",
                        "GET " + OPERATIONS + "operation-1700000000000-00001",
                        "GET " + OPERATIONS + "operation-1700000000000-00001",
                        "GET " + MANAGER,
                        "POST " + MANAGER + "/listManagedInstances");
        assertThat(compute.waits())
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(compute.targetSize()).isEqualTo(4);
    }

    static Stream<Arguments> transientFailures() {
        return Stream.of(
                Arguments.of(
                        "429 rateLimitExceeded", (Consumer<FakeCompute>) c -> c.failNext(429, "rateLimitExceeded")),
                Arguments.of("503 backendError", (Consumer<FakeCompute>) c -> c.failNext(503, "backendError")),
                Arguments.of("500 backendError", (Consumer<FakeCompute>) c -> c.failNext(500, "backendError")),
                Arguments.of("connection reset", (Consumer<FakeCompute>) FakeCompute::resetNext));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientFailures")
    void aTransientFailureIsTriedAgainWithTheSameRequestId(String failure, Consumer<FakeCompute> fails) {
        fails.accept(compute);

        GroupState state = group.resize(2, REQUEST_ID);

        assertThat(compute.resizes()).containsExactly(new Resize(2, REQUEST_ID), new Resize(2, REQUEST_ID));
        assertThat(state.targetSize()).isEqualTo(2);
        assertThat(compute.waits()).first().isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRetryIsLoggedOnOneWarningLineWithTheAttemptAndTheReason() {
        Logger logger = (Logger) LoggerFactory.getLogger(ComputeInstanceGroup.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            compute.failNext(429, "rateLimitExceeded");

            group.resize(2, REQUEST_ID);

            assertThat(logged.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage())
                        .isEqualTo("resizing instance group burst in europe-west1-b to 2: attempt 1 of 4 failed"
                                + " (Compute answered 429 RESOURCE_EXHAUSTED, rateLimitExceeded: Rate Limit Exceeded);"
                                + " trying again in 1000 ms with the same request id")
                        .doesNotContain("\n");
                assertThat(event.getThrowableProxy()).isNull();
            });
        } finally {
            logger.detachAppender(logged);
        }
    }

    /** However often a slow machine makes it ask, the change is asked with one request id and done once. */
    @Test
    void aChangeAnsweredTooLateIsAskedAgainWithTheSameRequestIdAndDoneOnce() {
        ComputeInstanceGroup impatient = compute.group(new ComputeInstanceGroup.Retries(
                4, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMillis(500)));
        compute.answerLateNext(Duration.ofSeconds(2));

        GroupState state = impatient.delete("burst-b", REQUEST_ID);

        assertThat(compute.deletes())
                .hasSizeGreaterThanOrEqualTo(2)
                .extracting(Delete::requestId)
                .containsOnly(REQUEST_ID);
        assertThat(compute.targetSize()).isEqualTo(2);
        assertThat(state.instances()).extracting(Instance::name).containsExactly("burst-a", "burst-c");
    }

    @Test
    void aPollThatFailsAsksForTheChangeAgainWithTheSameRequestIdAndComputeAnswersTheSameOperation() {
        compute.operationRunningFor(1).failNextPoll(503, "backendError");

        GroupState state = group.delete("burst-c", REQUEST_ID);

        assertThat(compute.requests())
                .containsExactly(
                        "POST " + MANAGER + "/deleteInstances?requestId=" + REQUEST_ID,
                        "GET " + OPERATIONS + "operation-1700000000000-00001",
                        "POST " + MANAGER + "/deleteInstances?requestId=" + REQUEST_ID,
                        "GET " + OPERATIONS + "operation-1700000000000-00001",
                        "GET " + OPERATIONS + "operation-1700000000000-00001",
                        "GET " + MANAGER,
                        "POST " + MANAGER + "/listManagedInstances");
        assertThat(state.targetSize()).isEqualTo(2);
        assertThat(compute.instanceNames()).containsExactly("burst-a", "burst-b");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "403, forbidden, Required 'compute.instanceGroupManagers.update' permission",
        "404, notFound, was not found",
        "400, invalid, Invalid value for field 'size'"
    })
    void aRefusalIsNotTriedAgainAndNamesTheOperationAndWhatComputeSaid(int status, String reason, String said) {
        if (reason.equals("invalid")) {
            compute.failNext(
                    status, reason, "Invalid value for field 'size': '-1'. Must be greater than or equal to 0.");
        } else {
            compute.failNext(status, reason);
        }

        ComputeException e = catchThrowableOfType(ComputeException.class, () -> group.resize(2, REQUEST_ID));

        assertThat(e)
                .hasMessageStartingWith(
                        "resizing instance group burst in europe-west1-b to 2: Compute answered " + status)
                .hasMessageContaining(reason)
                .hasMessageContaining(said);
        assertThat(compute.resizes()).hasSize(1);
        assertThat(compute.waits()).isEmpty();
        assertThat(compute.targetSize()).isEqualTo(3);
        assertNoCredentialIn(e);
    }

    @Test
    void anOperationThatEndsWithAnErrorIsAskedAgainWithANewRequestId() {
        compute.failOperationNext("ZONE_RESOURCE_POOL_EXHAUSTED", "The zone does not have enough resources.");

        GroupState state = group.resize(5, REQUEST_ID);

        String second = UUID.nameUUIDFromBytes((REQUEST_ID + "#2").getBytes(StandardCharsets.UTF_8))
                .toString();
        assertThat(compute.resizes()).containsExactly(new Resize(5, REQUEST_ID), new Resize(5, second));
        assertThat(state.targetSize()).isEqualTo(5);
    }

    @Test
    void anOperationThatFailsEveryTimeIsReportedWithComputesError() {
        for (int i = 0; i < 4; i++) {
            compute.failOperationNext("ZONE_RESOURCE_POOL_EXHAUSTED", "The zone does not have enough resources.");
        }

        ComputeException e = catchThrowableOfType(ComputeException.class, () -> group.resize(5, REQUEST_ID));

        assertThat(e)
                .hasMessageStartingWith("resizing instance group burst in europe-west1-b to 5: 4 attempts failed, the"
                        + " last: operation operation-1700000000000-00004 ended with ZONE_RESOURCE_POOL_EXHAUSTED: The"
                        + " zone does not have enough resources. (400 BAD REQUEST)");
        assertThat(compute.resizes())
                .extracting(Resize::requestId)
                .doesNotHaveDuplicates()
                .hasSize(4);
        assertThat(compute.resizes())
                .extracting(Resize::requestId)
                .allSatisfy(id -> assertThat(UUID.fromString(id)).hasToString(id));
        assertThat(compute.targetSize()).isEqualTo(3);
        assertNoCredentialIn(e);
    }

    @Test
    void whenEveryAttemptFailsTheLastFailureIsReportedAfterCappedExponentialWaits() {
        ComputeInstanceGroup group = compute.group(new ComputeInstanceGroup.Retries(
                6, Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(10)));
        for (int i = 0; i < 6; i++) {
            compute.failNext(503, "backendError");
        }

        ComputeException e = catchThrowableOfType(ComputeException.class, () -> group.resize(2, REQUEST_ID));

        assertThat(e)
                .hasMessage("resizing instance group burst in europe-west1-b to 2: 6 attempts failed, the last:"
                        + " Compute answered 503 UNAVAILABLE, backendError: Internal error. Please try again or"
                        + " contact Google Support.");
        assertThat(compute.resizes()).hasSize(6).containsOnly(new Resize(2, REQUEST_ID));
        assertThat(compute.waits())
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(4));
        assertNoCredentialIn(e);
    }

    @Test
    void readsAreTriedAgainByThisAdapterAloneAndGiveUpAfterTheLastAttempt() {
        for (int i = 0; i < 4; i++) {
            compute.failNext(503, "backendError");
        }

        ComputeException e = catchThrowableOfType(ComputeException.class, () -> group.state());

        assertThat(e).hasMessageStartingWith("reading instance group burst in europe-west1-b: 4 attempts failed");
        assertThat(compute.requests()).hasSize(4).containsOnly("GET " + MANAGER);
        assertThat(compute.waits())
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void deleteSendsExactlyThatInstanceAndTheRequestIdAndTheGroupLosesOne() {
        GroupState state = group.delete("burst-b", REQUEST_ID);

        assertThat(compute.deletes())
                .containsExactly(new Delete(List.of("zones/europe-west1-b/instances/burst-b"), REQUEST_ID, false));
        assertThat(compute.requests())
                .first()
                .isEqualTo("POST " + MANAGER + "/deleteInstances?requestId=" + REQUEST_ID);
        assertThat(state.targetSize()).isEqualTo(2);
        assertThat(state.instances()).extracting(Instance::name).containsExactly("burst-a", "burst-c");
        assertThat(compute.instanceNames()).containsExactly("burst-a", "burst-c");
    }

    @Test
    void deletingAnInstanceOutsideTheGroupFailsAndDeletesNothing() {
        ComputeException e = catchThrowableOfType(ComputeException.class, () -> group.delete("burst-z", REQUEST_ID));

        assertThat(e)
                .hasMessageStartingWith("deleting burst-z from instance group burst in europe-west1-b: 4 attempts"
                        + " failed, the last: operation");
        assertThat(compute.targetSize()).isEqualTo(3);
    }

    @Test
    void aRequestIdThatIsNoUuidIsMadeOneTheSameWayEachTime() {
        group.resize(2, "burst-decision-42");

        String expected = UUID.nameUUIDFromBytes("burst-decision-42".getBytes(StandardCharsets.UTF_8))
                .toString();
        assertThat(compute.resizes()).containsExactly(new Resize(2, expected));
    }

    @Test
    void noCredentialIsSentToAPlainHttpEndpoint() {
        group.resize(2, REQUEST_ID);

        assertThat(compute.journal())
                .isNotEmpty()
                .allSatisfy(request ->
                        assertThat(request.containsHeader("Authorization")).isFalse());
    }

    private static void assertNoCredentialIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage()))
                    .doesNotContain("Bearer")
                    .doesNotContainIgnoringCase("authorization");
        }
    }
}
