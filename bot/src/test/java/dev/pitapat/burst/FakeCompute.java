package dev.pitapat.burst;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compute's v1 REST API for one zonal managed instance group, at WireMock on {@code 127.0.0.1}: the paths, bodies
 * and error shapes {@code google-cloud-compute} sends and reads, with the group's state kept between calls.
 *
 * <ul>
 *   <li>{@code GET .../zones/{z}/instanceGroupManagers/{g}}: the group, with its {@code targetSize};
 *   <li>{@code POST .../instanceGroupManagers/{g}/listManagedInstances}: its instances (one page);
 *   <li>{@code POST .../instanceGroupManagers/{g}/resize?size=N&requestId=...} (empty body) and {@code POST
 *       .../deleteInstances?requestId=...} with {@code {"instances":[...],"skipInstancesOnValidationError":...}}:
 *       an Operation, {@code RUNNING}; the change is made when a poll first finds it {@code DONE};
 *   <li>{@code GET .../zones/{z}/operations/{name}}: the operation, {@code RUNNING} for {@link
 *       #operationRunningFor} polls, then {@code DONE}.
 * </ul>
 *
 * <p>As Compute does, a request id must be a UUID (else {@code 400}), and a change asked again with a request id
 * already seen answers the operation that id made, without making the change again. A {@code resize} up adds
 * instances named {@code <group>-NNNN} that are being made (no status, {@code CREATING}); a {@code resize} down or
 * a {@code deleteInstances} takes instances out at once (Compute shows them {@code DELETING} for a while). Deleting
 * an instance that is not in the group fails the operation, as Compute does when {@code
 * skipInstancesOnValidationError} is false (the error's code and wording here are not Compute's recorded ones).
 */
public final class FakeCompute implements AutoCloseable {

    /** A {@code resize} asked of Compute, whatever it answered. */
    public record Resize(int size, String requestId) {}

    /** A {@code deleteInstances} asked of Compute, whatever it answered. */
    public record Delete(List<String> instances, String requestId, boolean skipInstancesOnValidationError) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GOOGLE = "https://www.googleapis.com/compute/v1/";
    private static final Pattern PATH =
            Pattern.compile("/compute/v1/projects/([^/]+)/zones/([^/]+)/(instanceGroupManagers|operations)/([^/?]+)"
                    + "(?:/([A-Za-z]+))?");

    private final String project;
    private final String zone;
    private final String groupName;
    private final WireMockServer server;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final List<ComputeInstanceGroup> groups = new CopyOnWriteArrayList<>();

    // the group and what is planned, guarded by this
    private final List<Vm> instances = new ArrayList<>();
    private int targetSize;
    private int made;
    private final Map<String, Op> operations = new HashMap<>();
    private final Map<String, Op> byRequestId = new HashMap<>();
    private final Deque<Planned> planned = new ArrayDeque<>();
    private final Deque<Planned> plannedForPolls = new ArrayDeque<>();
    private final Deque<Errors> failingOperations = new ArrayDeque<>();
    private int runningFor;

    private FakeCompute(String project, String zone, String groupName) {
        this.project = project;
        this.zone = zone;
        this.groupName = groupName;
        this.server = new WireMockServer(WireMockConfiguration.wireMockConfig()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(new Api()));
    }

    /** Compute with one empty group {@code group} in {@code project}, {@code zone}. */
    public static FakeCompute start(String project, String zone, String group) {
        FakeCompute compute = new FakeCompute(project, zone, group);
        compute.server.start();
        compute.server.stubFor(
                any(urlPathMatching("/.*")).willReturn(aResponse().withTransformers(Api.NAME)));
        return compute;
    }

    /** The group holds exactly these running instances, and its target size is their number. */
    public synchronized FakeCompute instances(String... names) {
        instances.clear();
        for (String name : names) {
            instances.add(new Vm(name, "RUNNING", "NONE"));
        }
        targetSize = names.length;
        return this;
    }

    /** The group's target size now. */
    public synchronized int targetSize() {
        return targetSize;
    }

    /** The names of the group's instances now. */
    public synchronized List<String> instanceNames() {
        return instances.stream().map(Vm::name).toList();
    }

    /** The next request, whatever it asks, is answered {@code status} with Google's error body. */
    public FakeCompute failNext(int status, String reason) {
        return failNext(status, reason, messageFor(reason));
    }

    /** The same, with Compute's {@code message}. */
    public synchronized FakeCompute failNext(int status, String reason, String message) {
        planned.add(new Planned.Answer(status, reason, message));
        return this;
    }

    /** The next poll of an operation ({@code GET .../operations/{name}}) is answered {@code status}, undone. */
    public synchronized FakeCompute failNextPoll(int status, String reason) {
        plannedForPolls.add(new Planned.Answer(status, reason, messageFor(reason)));
        return this;
    }

    /** The next request is read and then its connection is reset, unanswered and undone. */
    public synchronized FakeCompute resetNext() {
        planned.add(new Planned.Reset());
        return this;
    }

    /** The next request is done, and answered only after {@code delay}. */
    public synchronized FakeCompute answerLateNext(Duration delay) {
        planned.add(new Planned.Late(delay));
        return this;
    }

    /**
     * The next new change's operation ends {@code DONE} with {@code error.errors[{code, message}]}, undone; called
     * again, the one after it too.
     */
    public synchronized FakeCompute failOperationNext(String code, String message) {
        failingOperations.add(new Errors(code, message));
        return this;
    }

    /** Operations asked from now on stay {@code RUNNING} for this many polls before they are {@code DONE}. */
    public synchronized FakeCompute operationRunningFor(int polls) {
        runningFor = polls;
        return this;
    }

    /** Where Compute is: {@code http://127.0.0.1:PORT}, for {@code pitapat.burst.compute-endpoint}. */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The real adapter at this Compute, with a sleeper that records its waits ({@link #waits}) and returns. */
    public InstanceGroup group() {
        return group(new ComputeInstanceGroup.Retries(
                4, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(10)));
    }

    /** The same, trying as {@code retries} says. */
    ComputeInstanceGroup group(ComputeInstanceGroup.Retries retries) {
        ComputeInstanceGroup group = ComputeInstanceGroup.create(
                new ComputeInstanceGroup.Group(project, zone, groupName),
                Optional.of(URI.create(url())),
                retries,
                waits::add);
        groups.add(group);
        return group;
    }

    /** What the adapters made by {@link #group} waited, in order: between attempts and between polls. */
    public List<Duration> waits() {
        return List.copyOf(waits);
    }

    /** Every {@code resize} asked, in order. */
    public List<Resize> resizes() {
        return journal().stream()
                .filter(r -> r.getUrl().contains("/resize?"))
                .map(r -> new Resize(
                        Integer.parseInt(r.queryParameter("size").firstValue()),
                        r.queryParameter("requestId").firstValue()))
                .toList();
    }

    /** Every {@code deleteInstances} asked, in order. */
    public List<Delete> deletes() {
        return journal().stream()
                .filter(r -> r.getUrl().contains("/deleteInstances"))
                .map(r -> {
                    JsonNode body = JSON.readTree(r.getBodyAsString());
                    return new Delete(
                            body.path("instances")
                                    .valueStream()
                                    .map(JsonNode::asString)
                                    .toList(),
                            r.queryParameter("requestId").firstValue(),
                            body.path("skipInstancesOnValidationError").asBoolean(false));
                })
                .toList();
    }

    /** Every request, in order, as {@code METHOD /path?query}. */
    public List<String> requests() {
        return journal().stream().map(r -> r.getMethod() + " " + r.getUrl()).toList();
    }

    /** Every request as WireMock logged it, oldest first: headers and bodies. */
    public List<LoggedRequest> journal() {
        return server.getAllServeEvents().reversed().stream()
                .map(ServeEvent::getRequest)
                .toList();
    }

    @Override
    public void close() {
        groups.forEach(ComputeInstanceGroup::close);
        server.stop();
    }

    /** Compute's answer to one request. */
    private synchronized ResponseDefinition answer(Request request) {
        boolean isPoll =
                request.getMethod().getName().equals("GET") && request.getUrl().contains("/operations/");
        Planned next = planned.isEmpty() && isPoll ? plannedForPolls.poll() : planned.poll();
        return switch (next) {
            case null -> route(request);
            case Planned.Answer a -> error(a.status(), a.reason(), a.message());
            case Planned.Reset r ->
                ResponseDefinitionBuilder.responseDefinition()
                        .withFault(Fault.CONNECTION_RESET_BY_PEER)
                        .build();
            case Planned.Late l ->
                ResponseDefinitionBuilder.like(route(request))
                        .withFixedDelay((int) l.delay().toMillis())
                        .build();
        };
    }

    private ResponseDefinition route(Request request) {
        Matcher path = PATH.matcher(request.getUrl());
        if (!path.lookingAt()
                || !path.group(1).equals(project)
                || !path.group(2).equals(zone)) {
            return notFound(request.getUrl());
        }
        String collection = path.group(3);
        String name = path.group(4);
        String verb = path.group(5) == null ? "" : path.group(5);
        String method = request.getMethod().getName();
        if (collection.equals("operations")) {
            Op op = operations.get(name);
            return method.equals("GET") && verb.isEmpty() && op != null ? json(poll(op)) : notFound(request.getUrl());
        }
        if (!name.equals(groupName)) {
            return notFound(request.getUrl());
        }
        return switch (method + " " + verb) {
            case "GET " -> json(manager());
            case "POST listManagedInstances" -> json(managedInstances());
            case "POST resize" -> change(request, "resize");
            case "POST deleteInstances" -> change(request, "deleteInstances");
            default -> notFound(request.getUrl());
        };
    }

    /** A change asked: its operation, new or the one its request id made. */
    private ResponseDefinition change(Request request, String type) {
        String requestId = request.queryParameter("requestId").isPresent()
                ? request.queryParameter("requestId").firstValue()
                : UUID.randomUUID().toString();
        if (!isUuid(requestId)) {
            return error(
                    400,
                    "invalid",
                    "Invalid value for field 'requestId': '" + requestId + "'. The request ID must be a valid UUID"
                            + " with the exception that zero UUID is not supported.");
        }
        Op known = byRequestId.get(requestId);
        if (known != null) {
            return json(known.json());
        }
        Runnable change;
        @Nullable Errors error = failingOperations.poll();
        if (type.equals("resize")) {
            int size = Integer.parseInt(request.queryParameter("size").firstValue());
            change = () -> resizeTo(size);
        } else {
            List<String> names = new ArrayList<>();
            for (JsonNode url : JSON.readTree(request.getBodyAsString()).path("instances")) {
                Optional<String> member = memberAt(url.asString());
                if (member.isEmpty() && error == null) {
                    error = new Errors(
                            "RESOURCE_NOT_FOUND",
                            "The instance '" + url.asString() + "' is not a member of instance group " + groupName
                                    + ".");
                }
                member.ifPresent(names::add);
            }
            change = () -> deleteAll(names);
        }
        Op op = new Op(
                "operation-1700000000000-" + String.format("%05d", operations.size() + 1),
                "compute.instanceGroupManagers." + type,
                runningFor,
                error,
                change);
        operations.put(op.name, op);
        byRequestId.put(requestId, op);
        return json(op.json());
    }

    private ObjectNode poll(Op op) {
        if (!op.done) {
            if (op.pollsLeft > 0) {
                op.pollsLeft--;
            } else {
                op.done = true;
                if (op.error == null) {
                    op.change.run();
                }
            }
        }
        return op.json();
    }

    private void resizeTo(int size) {
        while (instances.size() < size) {
            made++;
            instances.add(new Vm(groupName + "-" + String.format("%04d", made), "", "CREATING"));
        }
        while (instances.size() > size) {
            instances.removeLast();
        }
        targetSize = size;
    }

    private void deleteAll(List<String> names) {
        instances.removeIf(vm -> names.contains(vm.name()));
        targetSize -= names.size();
    }

    /** The name of the group's instance at {@code url} (full, or {@code zones/z/instances/name}), if it is one. */
    private Optional<String> memberAt(String url) {
        String partial = "zones/" + zone + "/instances/";
        String full = GOOGLE + "projects/" + project + "/" + partial;
        String name = url.startsWith(partial)
                ? url.substring(partial.length())
                : url.startsWith(full) ? url.substring(full.length()) : "";
        return instances.stream().map(Vm::name).filter(name::equals).findFirst();
    }

    private ObjectNode manager() {
        ObjectNode manager = JSON.createObjectNode()
                .put("kind", "compute#instanceGroupManager")
                .put("id", "4242424242424242424")
                .put("name", groupName)
                .put("zone", zoneUrl())
                .put("baseInstanceName", groupName)
                .put("instanceTemplate", GOOGLE + "projects/" + project + "/global/instanceTemplates/" + groupName)
                .put("instanceGroup", zoneUrl() + "/instanceGroups/" + groupName)
                .put("targetSize", targetSize)
                .put("selfLink", managerUrl());
        manager.putObject("status")
                .put("isStable", instances.stream().allMatch(vm -> vm.action().equals("NONE")));
        return manager;
    }

    private ObjectNode managedInstances() {
        ObjectNode list = JSON.createObjectNode();
        ArrayNode managed = list.putArray("managedInstances");
        for (Vm vm : instances) {
            ObjectNode instance = managed.addObject()
                    .put("instance", zoneUrl() + "/instances/" + vm.name())
                    .put("name", vm.name())
                    .put("currentAction", vm.action());
            if (!vm.status().isEmpty()) {
                instance.put("instanceStatus", vm.status());
            }
        }
        return list;
    }

    private String zoneUrl() {
        return GOOGLE + "projects/" + project + "/zones/" + zone;
    }

    private String managerUrl() {
        return zoneUrl() + "/instanceGroupManagers/" + groupName;
    }

    private static ResponseDefinition json(ObjectNode body) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withHeader("Content-Type", "application/json; charset=UTF-8")
                .withBody(JSON.writeValueAsString(body))
                .build();
    }

    private ResponseDefinition notFound(String url) {
        String path = url.replaceFirst("^/compute/v1/", "").replaceFirst("\\?.*$", "");
        return error(404, "notFound", "The resource '" + path + "' was not found");
    }

    /** Google's error body: {@code {"error":{"code","message","status","errors":[{message,domain,reason}]}}}. */
    private static ResponseDefinition error(int status, String reason, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error")
                .put("code", status)
                .put("message", message)
                .put("status", statusName(status));
        error.putArray("errors")
                .addObject()
                .put("message", message)
                .put("domain", reason.equals("rateLimitExceeded") ? "usageLimits" : "global")
                .put("reason", reason);
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=UTF-8")
                .withBody(JSON.writeValueAsString(body))
                .build();
    }

    private static String statusName(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 412 -> "FAILED_PRECONDITION";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 501 -> "NOT_IMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }

    private String messageFor(String reason) {
        return switch (reason) {
            case "rateLimitExceeded" -> "Rate Limit Exceeded";
            case "backendError" -> "Internal error. Please try again or contact Google Support.";
            case "forbidden" ->
                "Required 'compute.instanceGroupManagers.update' permission for 'projects/" + project + "/zones/" + zone
                        + "/instanceGroupManagers/" + groupName + "'";
            case "notFound" ->
                "The resource 'projects/" + project + "/zones/" + zone + "/instanceGroupManagers/" + groupName
                        + "' was not found";
            default -> reason;
        };
    }

    private static boolean isUuid(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.toString().equalsIgnoreCase(id) && !uuid.equals(new UUID(0, 0));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private record Vm(String name, String status, String action) {}

    private record Errors(String code, String message) {}

    /** A fault planned for the next request. */
    private sealed interface Planned {
        /** Answered with Google's error body, undone. */
        record Answer(int status, String reason, String message) implements Planned {}

        /** The connection reset, undone. */
        record Reset() implements Planned {}

        /** Done, and answered after {@code delay}. */
        record Late(Duration delay) implements Planned {}
    }

    /** One zone operation, and the change it makes when it is first found {@code DONE} without an error. */
    private final class Op {
        final String name;
        final String type;
        final @Nullable Errors error;
        final Runnable change;
        int pollsLeft;
        boolean done;

        Op(String name, String type, int pollsLeft, @Nullable Errors error, Runnable change) {
            this.name = name;
            this.type = type;
            this.pollsLeft = pollsLeft;
            this.error = error;
            this.change = change;
        }

        ObjectNode json() {
            ObjectNode op = JSON.createObjectNode()
                    .put("kind", "compute#operation")
                    .put("id", String.valueOf(7_000_000_000_000_000_000L + name.hashCode()))
                    .put("name", name)
                    .put("zone", zoneUrl())
                    .put("operationType", type)
                    .put("targetLink", managerUrl())
                    .put("targetId", "4242424242424242424")
                    .put("status", done ? "DONE" : "RUNNING")
                    .put("progress", done ? 100 : 0)
                    .put("selfLink", zoneUrl() + "/operations/" + name);
            if (done && error != null) {
                op.putObject("error")
                        .putArray("errors")
                        .addObject()
                        .put("code", error.code())
                        .put("message", error.message());
                op.put("httpErrorStatusCode", 400).put("httpErrorMessage", "BAD REQUEST");
            }
            return op;
        }
    }

    /** Hands every request to this Compute. */
    private final class Api implements ResponseDefinitionTransformerV2 {
        static final String NAME = "fake-compute";

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            return answer(event.getRequest());
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
