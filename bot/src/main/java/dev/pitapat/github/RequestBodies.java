package dev.pitapat.github;

import java.util.Locale;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON bodies pitapat sends, field for field as GitHub's REST description names them. */
final class RequestBodies {

    private final JsonMapper json;

    RequestBodies(JsonMapper json) {
        this.json = json;
    }

    ObjectNode comment(String markdown) {
        return json.createObjectNode().put("body", markdown);
    }

    ObjectNode reaction(Reaction reaction) {
        return json.createObjectNode().put("content", reaction.content());
    }

    /** Check runs: {@code head_sha} only when creating; GitHub fixes it then. */
    ObjectNode checkRun(CheckRunUpdate run, boolean create) {
        ObjectNode body = json.createObjectNode().put("name", run.name());
        if (create) {
            body.put("head_sha", run.headSha());
        }
        body.put("status", wire(run.status()));
        run.conclusion().ifPresent(conclusion -> body.put("conclusion", wire(conclusion)));
        run.detailsUrl().ifPresent(url -> body.put("details_url", url.toString()));
        run.externalId().ifPresent(id -> body.put("external_id", id));
        run.output().ifPresent(output -> {
            ObjectNode node =
                    body.putObject("output").put("title", output.title()).put("summary", output.summary());
            output.text().ifPresent(text -> node.put("text", text));
        });
        if (!create || !run.actions().isEmpty()) {
            ArrayNode actions = body.putArray("actions");
            run.actions()
                    .forEach(action -> actions.addObject()
                            .put("label", action.label())
                            .put("description", action.description())
                            .put("identifier", action.identifier()));
        }
        return body;
    }

    ObjectNode deployment(NewDeployment deployment) {
        ObjectNode body = json.createObjectNode()
                .put("ref", deployment.sha())
                .put("task", "deploy")
                .put("auto_merge", false)
                .put("environment", deployment.environment())
                .put("description", deployment.description())
                .put("transient_environment", deployment.transientEnvironment())
                .put("production_environment", deployment.productionEnvironment());
        body.putArray("required_contexts");
        ObjectNode payload = body.putObject("payload");
        new TreeMap<>(deployment.payload()).forEach(payload::put);
        return body;
    }

    ObjectNode deploymentStatus(DeploymentStatus status) {
        ObjectNode body = json.createObjectNode().put("state", status.state().wireName());
        status.description().ifPresent(description -> body.put("description", description));
        status.environmentUrl().ifPresent(url -> body.put("environment_url", url.toString()));
        status.logUrl().ifPresent(url -> body.put("log_url", url.toString()));
        body.put("auto_inactive", status.autoInactive());
        return body;
    }

    /** Create a reference: {@code ref} fully qualified ({@code refs/heads/<branch>}). */
    ObjectNode reference(String ref, String sha) {
        return json.createObjectNode().put("ref", ref).put("sha", sha);
    }

    /** Create or update file contents, creating: no {@code sha} of a file being replaced; content in Base64. */
    ObjectNode newFile(String message, String text, String branch) {
        return json.createObjectNode()
                .put("message", message)
                .put(
                        "content",
                        java.util.Base64.getEncoder()
                                .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .put("branch", branch);
    }

    ObjectNode pullRequest(NewPullRequest pullRequest) {
        return json.createObjectNode()
                .put("title", pullRequest.title())
                .put("head", pullRequest.head())
                .put("base", pullRequest.base())
                .put("body", pullRequest.body());
    }

    private static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
