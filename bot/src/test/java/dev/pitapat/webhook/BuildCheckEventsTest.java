package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.deploy.DeployPipeline;
import dev.pitapat.deploy.DeployRequest;
import dev.pitapat.deploy.Progress;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events that tell deploys waiting for an external {@code build-check} to look again: a check run or check
 * suite that completed, a commit status that is no longer pending, each on its sha; anything else tells nothing.
 */
class BuildCheckEventsTest {

    static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    final List<String> told = new CopyOnWriteArrayList<>();

    final DeployPipeline pipeline = new DeployPipeline() {
        @Override
        public Accepted accept(DeployRequest request) {
            throw new AssertionError("nothing is deployed by a check");
        }

        @Override
        public Optional<Progress> progress(DeploymentId id) {
            return Optional.empty();
        }

        @Override
        public void checkReported(RepoRef repo, Sha sha) {
            told.add(repo.fullName() + "@" + sha.value());
        }
    };

    static WebhookEvent event(String event, String action, String json) {
        JsonNode payload = JsonMapper.shared().readTree(json);
        return new WebhookEvent("d-1", event, action, "acme/hello", payload);
    }

    @Test
    void aCompletedCheckRunOrSuiteOrAFinishedStatusTellsItsSha() {
        new EventHandlers.CheckRunHandler(null, pipeline)
                .handle(event("check_run", "completed", "{\"check_run\":{\"head_sha\":\"" + SHA + "\"}}"));
        new EventHandlers.CheckSuiteHandler(pipeline)
                .handle(event("check_suite", "completed", "{\"check_suite\":{\"head_sha\":\"" + SHA + "\"}}"));
        new EventHandlers.StatusHandler(pipeline)
                .handle(event("status", "", "{\"sha\":\"" + SHA + "\",\"state\":\"success\"}"));

        assertThat(told).containsExactly("acme/hello@" + SHA, "acme/hello@" + SHA, "acme/hello@" + SHA);
    }

    @Test
    void whatIsNotAnEndOrHasNoShaTellsNothing() {
        new EventHandlers.CheckRunHandler(null, pipeline)
                .handle(event("check_run", "created", "{\"check_run\":{\"head_sha\":\"" + SHA + "\"}}"));
        new EventHandlers.CheckSuiteHandler(pipeline)
                .handle(event("check_suite", "requested", "{\"check_suite\":{\"head_sha\":\"" + SHA + "\"}}"));
        new EventHandlers.StatusHandler(pipeline)
                .handle(event("status", "", "{\"sha\":\"" + SHA + "\",\"state\":\"pending\"}"));
        new EventHandlers.StatusHandler(pipeline)
                .handle(event("status", "", "{\"sha\":\"6dcb09b\",\"state\":\"failure\"}"));
        new EventHandlers.CheckRunHandler(null, pipeline)
                .handle(event("check_run", "completed", "{\"check_run\":{\"head_sha\":\"not-a-sha\"}}"));

        assertThat(told).isEmpty();
    }
}
