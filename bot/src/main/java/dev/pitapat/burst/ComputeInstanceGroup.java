package dev.pitapat.burst;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.compute.v1.DeleteInstancesInstanceGroupManagerRequest;
import com.google.cloud.compute.v1.InstanceGroupManagersClient;
import com.google.cloud.compute.v1.InstanceGroupManagersDeleteInstancesRequest;
import com.google.cloud.compute.v1.InstanceGroupManagersSettings;
import com.google.cloud.compute.v1.ListManagedInstancesInstanceGroupManagersRequest;
import com.google.cloud.compute.v1.ManagedInstance;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.ResizeInstanceGroupManagerRequest;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import com.google.cloud.compute.v1.ZoneOperationsSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zonal managed instance group at Compute's REST API, through {@code google-cloud-compute}; no Google type
 * leaves this class.
 *
 * <p>Retrying is this class's alone: the client's own retries are off for every call (its defaults retry a
 * {@code get} that met a {@code 503} for up to ten minutes, with real sleeps), each call gives up after {@link
 * Retries#callTimeout()}, and a change's zone operation is polled here ({@code GET .../operations/{name}}) rather
 * than by the client's {@code OperationFuture}, whose polling retries on its own, cannot be configured from the
 * group's settings, and reports an operation's error only as {@code "BAD REQUEST"}. Every wait, between attempts
 * and between polls, goes through the {@link Sleeper}.
 *
 * <p>A transport failure, a timeout, {@code 429} or {@code 5xx}, while asking for a change or while polling its
 * operation, is tried again with the same request id: Compute answers a repeated id with the operation it already
 * has, so the change is made at most once. An operation that ends {@code DONE} with an error is tried again with a
 * new request id (the old one would only return the same failed operation), derived from the caller's: {@code
 * UUID.nameUUIDFromBytes(requestId + "#" + attempt)}. Compute wants request ids to be UUIDs, so a caller's id that
 * is not one is turned into one the same way, without the suffix. Other {@code 4xx} answers are final.
 */
final class ComputeInstanceGroup implements InstanceGroup, AutoCloseable {

    /** The first wait before polling an operation again; each wait doubles up to {@link #MOST_POLL_WAIT}. */
    static final Duration FIRST_POLL_WAIT = Duration.ofMillis(500);

    static final Duration MOST_POLL_WAIT = Duration.ofSeconds(10);

    /** How long an operation may stay unfinished, counted in the waits between polls. */
    static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(ComputeInstanceGroup.class);
    private static final UUID ZERO = new UUID(0, 0);

    /** Where the group is: its project, zone and name. */
    record Group(String project, String zone, String name) {
        @Override
        public String toString() {
            return "instance group " + name + " in " + zone;
        }
    }

    /**
     * How often a call is tried and how long to wait between tries: {@code firstDelay}, then twice as long each
     * time, never more than {@code maxDelay}.
     *
     * @param attempts how many times a call is tried in all, at least 1
     * @param callTimeout how long one call may go unanswered
     */
    record Retries(int attempts, Duration firstDelay, Duration maxDelay, Duration callTimeout) {
        static final Retries DEFAULTS =
                new Retries(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));

        Retries {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
            }
            if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0 || !callTimeout.isPositive()) {
                throw new IllegalArgumentException("delays must be 0 <= first <= max and the call timeout positive");
            }
        }

        /** The wait before attempt {@code attempt} (2 or more). */
        Duration delayBefore(int attempt) {
            Duration delay = firstDelay;
            for (int i = 2; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
                delay = delay.multipliedBy(2);
            }
            return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
        }
    }

    /** Waits; tests record the waits instead. */
    @FunctionalInterface
    interface Sleeper {
        Sleeper REAL = duration -> Thread.sleep(duration);

        void sleep(Duration duration) throws InterruptedException;
    }

    private final Group group;
    private final Retries retries;
    private final Sleeper sleeper;
    private final InstanceGroupManagersClient managers;
    private final ZoneOperationsClient operations;

    private ComputeInstanceGroup(
            Group group,
            Retries retries,
            Sleeper sleeper,
            InstanceGroupManagersClient managers,
            ZoneOperationsClient operations) {
        this.group = group;
        this.retries = retries;
        this.sleeper = sleeper;
        this.managers = managers;
        this.operations = operations;
    }

    /**
     * The group at Compute: at Google's endpoint with Application Default Credentials, or at {@code endpoint}
     * ({@code pitapat.burst.compute-endpoint}); a plain {@code http://} endpoint, a stand-in, gets no credentials.
     */
    static ComputeInstanceGroup create(Group group, Optional<URI> endpoint, Retries retries, Sleeper sleeper) {
        InstanceGroupManagersSettings.Builder managers = InstanceGroupManagersSettings.newBuilder();
        ZoneOperationsSettings.Builder operations = ZoneOperationsSettings.newBuilder();
        RetrySettings once = once(retries.callTimeout());
        managers.getSettings().setRetryableCodes(Set.<StatusCode.Code>of()).setRetrySettings(once);
        managers.listManagedInstancesSettings()
                .setRetryableCodes(Set.<StatusCode.Code>of())
                .setRetrySettings(once);
        managers.resizeSettings().setRetryableCodes(Set.<StatusCode.Code>of()).setRetrySettings(once);
        managers.deleteInstancesSettings()
                .setRetryableCodes(Set.<StatusCode.Code>of())
                .setRetrySettings(once);
        operations.getSettings().setRetryableCodes(Set.<StatusCode.Code>of()).setRetrySettings(once);
        if (endpoint.isPresent()) {
            managers.setEndpoint(endpoint.get().toString());
            operations.setEndpoint(endpoint.get().toString());
            if ("http".equals(endpoint.get().getScheme())) {
                managers.setCredentialsProvider(NoCredentialsProvider.create());
                operations.setCredentialsProvider(NoCredentialsProvider.create());
            }
        }
        InstanceGroupManagersClient managersClient = null;
        try {
            managersClient = InstanceGroupManagersClient.create(managers.build());
            ZoneOperationsClient operationsClient = ZoneOperationsClient.create(operations.build());
            return new ComputeInstanceGroup(group, retries, sleeper, managersClient, operationsClient);
        } catch (IOException e) {
            if (managersClient != null) {
                managersClient.close();
            }
            throw new ComputeException("connecting to Compute for " + group + ": " + e.getMessage(), e);
        }
    }

    /** One try per call, unanswered after {@code timeout}: retrying is this class's. */
    private static RetrySettings once(Duration timeout) {
        return RetrySettings.newBuilder()
                .setMaxAttempts(1)
                .setTotalTimeoutDuration(timeout)
                .setInitialRpcTimeoutDuration(timeout)
                .setMaxRpcTimeoutDuration(timeout)
                .setRpcTimeoutMultiplier(1.0)
                .build();
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public GroupState state() {
        return read("reading " + group, () -> {
            int targetSize =
                    managers.get(group.project(), group.zone(), group.name()).getTargetSize();
            List<Instance> instances = new ArrayList<>();
            ListManagedInstancesInstanceGroupManagersRequest list =
                    ListManagedInstancesInstanceGroupManagersRequest.newBuilder()
                            .setProject(group.project())
                            .setZone(group.zone())
                            .setInstanceGroupManager(group.name())
                            .build();
            for (ManagedInstance instance : managers.listManagedInstances(list).iterateAll()) {
                instances.add(new Instance(
                        lastSegment(instance.getInstance()),
                        instance.getInstanceStatus(),
                        instance.getCurrentAction()));
            }
            return new GroupState(targetSize, instances);
        });
    }

    @Override
    public GroupState resize(int targetSize, String requestId) {
        if (targetSize < 0) {
            throw new IllegalArgumentException("a group's size cannot be " + targetSize);
        }
        return change(
                "resizing " + group + " to " + targetSize,
                requestId,
                id -> managers.resizeCallable()
                        .call(ResizeInstanceGroupManagerRequest.newBuilder()
                                .setProject(group.project())
                                .setZone(group.zone())
                                .setInstanceGroupManager(group.name())
                                .setSize(targetSize)
                                .setRequestId(id)
                                .build()));
    }

    @Override
    public GroupState delete(String instance, String requestId) {
        InstanceGroupManagersDeleteInstancesRequest exactlyThis =
                InstanceGroupManagersDeleteInstancesRequest.newBuilder()
                        .addInstances("zones/" + group.zone() + "/instances/" + instance)
                        .setSkipInstancesOnValidationError(false)
                        .build();
        return change(
                "deleting " + instance + " from " + group,
                requestId,
                id -> managers.deleteInstancesCallable()
                        .call(DeleteInstancesInstanceGroupManagerRequest.newBuilder()
                                .setProject(group.project())
                                .setZone(group.zone())
                                .setInstanceGroupManager(group.name())
                                .setInstanceGroupManagersDeleteInstancesRequestResource(exactlyThis)
                                .setRequestId(id)
                                .build()));
    }

    @Override
    public void close() {
        managers.close();
        operations.close();
    }

    /** A request id Compute takes (a UUID, not zero) for {@code requestId} on attempt {@code attempt}. */
    static String requestIdFor(String requestId, int attempt) {
        if (attempt > 1) {
            return UUID.nameUUIDFromBytes((requestId + "#" + attempt).getBytes(StandardCharsets.UTF_8))
                    .toString();
        }
        try {
            UUID given = UUID.fromString(requestId);
            if (given.toString().equalsIgnoreCase(requestId) && !given.equals(ZERO)) {
                return given.toString();
            }
        } catch (IllegalArgumentException notAUuid) {
            // made into one below
        }
        return UUID.nameUUIDFromBytes(requestId.getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Asks for a change until its operation ends {@code DONE} without an error, then reads the group. */
    private GroupState change(String what, String requestId, Function<String, Operation> ask) {
        String id = requestIdFor(requestId, 1);
        for (int attempt = 1; ; attempt++) {
            ComputeFailure failure;
            boolean operationFailed = false;
            try {
                Operation done = untilDone(what, ask.apply(id));
                Optional<ComputeFailure> failed = ComputeFailure.of(done);
                if (failed.isEmpty()) {
                    return state();
                }
                failure = failed.get();
                operationFailed = true;
            } catch (ApiException e) {
                failure = ComputeFailure.of(e, retries.callTimeout());
                if (!failure.transientFailure()) {
                    throw new ComputeException(what + ": " + failure, e);
                }
            }
            String next = operationFailed ? requestIdFor(requestId, attempt + 1) : id;
            waitBeforeRetry(what, attempt, failure, operationFailed ? "a new request id" : "the same request id");
            id = next;
        }
    }

    /** Reads until a read succeeds, trying again after a transient failure. */
    private <T> T read(String what, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (ApiException e) {
                ComputeFailure failure = ComputeFailure.of(e, retries.callTimeout());
                if (!failure.transientFailure()) {
                    throw new ComputeException(what + ": " + failure, e);
                }
                waitBeforeRetry(what, attempt, failure, "");
            }
        }
    }

    /** Logs attempt {@code attempt}'s failure and waits before the next, or throws when it was the last. */
    private void waitBeforeRetry(String what, int attempt, ComputeFailure failure, String with) {
        if (attempt >= retries.attempts()) {
            throw new ComputeException(
                    what + ": " + attempt + (attempt == 1 ? " attempt" : " attempts") + " failed, the last: " + failure,
                    failure.cause());
        }
        Duration delay = retries.delayBefore(attempt + 1);
        log.warn(
                "{}: attempt {} of {} failed ({}); trying again in {} ms{}",
                what,
                attempt,
                retries.attempts(),
                failure,
                delay.toMillis(),
                with.isEmpty() ? "" : " with " + with);
        pause(what, delay);
    }

    /** Polls {@code operation} until it is {@code DONE}. */
    private Operation untilDone(String what, Operation operation) {
        Operation current = operation;
        Duration waited = Duration.ZERO;
        Duration wait = FIRST_POLL_WAIT;
        while (current.getStatus() != Operation.Status.DONE) {
            if (current.getName().isEmpty()) {
                throw new ComputeException(what + ": Compute answered an operation without a name", null);
            }
            if (waited.compareTo(OPERATION_TIMEOUT) >= 0) {
                throw new ComputeException(
                        what + ": operation " + current.getName() + " was still " + current.getStatus() + " after "
                                + waited.toMinutes() + " minutes",
                        null);
            }
            pause(what, wait);
            waited = waited.plus(wait);
            wait = wait.multipliedBy(2).compareTo(MOST_POLL_WAIT) > 0 ? MOST_POLL_WAIT : wait.multipliedBy(2);
            current = operations.get(group.project(), group.zone(), current.getName());
        }
        return current;
    }

    private void pause(String what, Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComputeException(what + ": interrupted while waiting", e);
        }
    }

    private static String lastSegment(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
