package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.pitapat.github.GitHubRig.INSTALLATION;
import static dev.pitapat.github.GitHubRig.REPO;
import static dev.pitapat.github.GitHubRig.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitapat.github.CheckRunUpdate.Action;
import dev.pitapat.github.CheckRunUpdate.Conclusion;
import dev.pitapat.github.CheckRunUpdate.Output;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChecksAndDeploymentsTest {

    private static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    @RegisterExtension
    static WireMockExtension github = GitHubRig.wireMock();

    private GitHubRig rig;

    @BeforeEach
    void setUp() {
        rig = new GitHubRig(github).withInstallationToken();
        github.stubFor(post(urlEqualTo("/repos/acme/hello/check-runs")).willReturn(json(201, "check-run.json")));
        github.stubFor(patch(urlEqualTo("/repos/acme/hello/check-runs/4")).willReturn(json(200, "check-run.json")));
        github.stubFor(post(urlEqualTo("/repos/acme/hello/deployments")).willReturn(json(201, "deployment.json")));
        github.stubFor(post(urlEqualTo("/repos/acme/hello/deployments/9/statuses"))
                .willReturn(json(201, "deployment-status.json")));
    }

    @Test
    void createsAQueuedCheckRun() {
        CheckRunRef run = rig.gateway.createCheckRun(INSTALLATION, REPO, CheckRunUpdate.queued("deploy/staging", SHA));

        github.verify(postRequestedFor(urlEqualTo("/repos/acme/hello/check-runs"))
                .withRequestBody(equalToJson("""
                        {"name": "deploy/staging", "head_sha": "%s", "status": "queued"}
                        """.formatted(SHA))));
        assertThat(run).isEqualTo(new CheckRunRef(4, URI.create("https://github.com/acme/hello/runs/4")));
    }

    @Test
    void createsACheckRunWithOutputLinksAndButtons() {
        CheckRunUpdate update = CheckRunUpdate.inProgress("deploy/staging", SHA)
                .withOutput(new Output("Deploying to staging", "Rendered, committing…", Optional.of("3 manifests")))
                .withDetailsUrl(URI.create("https://pitapat.example.com/deployments/42"))
                .withExternalId("deploy-7-staging")
                .withActions(List.of(
                        new Action("Promote", "Switch traffic to the new version", "promote"),
                        new Action("Abort", "Keep the old version live", "abort")));

        rig.gateway.createCheckRun(INSTALLATION, REPO, update);

        github.verify(postRequestedFor(urlEqualTo("/repos/acme/hello/check-runs"))
                .withRequestBody(equalToJson("""
                        {
                          "name": "deploy/staging",
                          "head_sha": "%s",
                          "status": "in_progress",
                          "details_url": "https://pitapat.example.com/deployments/42",
                          "external_id": "deploy-7-staging",
                          "output": {"title": "Deploying to staging", "summary": "Rendered, committing…", "text": "3 manifests"},
                          "actions": [
                            {"label": "Promote", "description": "Switch traffic to the new version", "identifier": "promote"},
                            {"label": "Abort", "description": "Keep the old version live", "identifier": "abort"}
                          ]
                        }
                        """.formatted(SHA))));
    }

    @Test
    void completesACheckRunWithoutResendingItsSha() {
        CheckRunUpdate update = CheckRunUpdate.completed("deploy/staging", SHA, Conclusion.TIMED_OUT)
                .withOutput(new Output("Rollout timed out", "Not healthy after 10 minutes", Optional.empty()));

        rig.gateway.updateCheckRun(INSTALLATION, REPO, 4, update);

        github.verify(
                patchRequestedFor(urlEqualTo("/repos/acme/hello/check-runs/4")).withRequestBody(equalToJson("""
                        {
                          "name": "deploy/staging",
                          "status": "completed",
                          "conclusion": "timed_out",
                          "output": {"title": "Rollout timed out", "summary": "Not healthy after 10 minutes"},
                          "actions": []
                        }
                        """)));
    }

    @Test
    void refusesACompletedCheckRunWithoutAConclusion() {
        assertThatThrownBy(() -> new CheckRunUpdate(
                        "deploy/staging",
                        SHA,
                        CheckRunUpdate.Status.COMPLETED,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Action("Promote to production now", "too long a label", "promote"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createsADeploymentThatNeverMergesNorWaitsForChecks() {
        NewDeployment deployment = new NewDeployment(
                SHA, "staging", "Deploy #7 to staging", false, false, Map.of("pitapat-deployment", "d-20260101-0001"));

        DeploymentRef created = rig.gateway.createDeployment(INSTALLATION, REPO, deployment);

        github.verify(postRequestedFor(urlEqualTo("/repos/acme/hello/deployments"))
                .withRequestBody(equalToJson("""
                        {
                          "ref": "%s",
                          "task": "deploy",
                          "auto_merge": false,
                          "required_contexts": [],
                          "environment": "staging",
                          "description": "Deploy #7 to staging",
                          "transient_environment": false,
                          "production_environment": false,
                          "payload": {"pitapat-deployment": "d-20260101-0001"}
                        }
                        """.formatted(SHA))));
        assertThat(created).isEqualTo(new DeploymentRef(9, "staging"));
    }

    @Test
    void marksPreviewDeploymentsTransient() {
        rig.gateway.createDeployment(
                INSTALLATION, REPO, new NewDeployment(SHA, "pr-7", "Preview of #7", true, false, Map.of()));

        github.verify(postRequestedFor(urlEqualTo("/repos/acme/hello/deployments"))
                .withRequestBody(equalToJson(
                        "{\"environment\": \"pr-7\", \"transient_environment\": true, \"payload\": {}}", false, true)));
    }

    @Test
    void spellsInProgressWithAnUnderscore() {
        rig.gateway.postDeploymentStatus(
                INSTALLATION,
                REPO,
                9,
                DeploymentStatus.of(DeploymentStatus.State.IN_PROGRESS)
                        .withDescription("Rolling out")
                        .withLogUrl(URI.create("https://pitapat.example.com/deployments/42")));

        github.verify(postRequestedFor(urlEqualTo("/repos/acme/hello/deployments/9/statuses"))
                .withRequestBody(equalToJson("""
                        {
                          "state": "in_progress",
                          "description": "Rolling out",
                          "log_url": "https://pitapat.example.com/deployments/42",
                          "auto_inactive": true
                        }
                        """)));
    }

    @Test
    void postsSuccessWithTheEnvironmentUrl() {
        rig.gateway.postDeploymentStatus(
                INSTALLATION,
                REPO,
                9,
                DeploymentStatus.of(DeploymentStatus.State.SUCCESS)
                        .withEnvironmentUrl(URI.create("https://hello-staging.apps.example.com"))
                        .withAutoInactive(false));

        github.verify(postRequestedFor(urlEqualTo("/repos/acme/hello/deployments/9/statuses"))
                .withRequestBody(equalToJson("""
                        {"state": "success", "environment_url": "https://hello-staging.apps.example.com", "auto_inactive": false}
                        """)));
        assertThat(rig.calls("deployment_status_create", "201")).isEqualTo(1);
    }

    @Test
    void namesTheDeploymentGitHubRefused() {
        github.stubFor(post(urlEqualTo("/repos/acme/hello/deployments"))
                .willReturn(json(422, "error-validation-failed.json")));

        assertThatThrownBy(() -> rig.gateway.createDeployment(
                        INSTALLATION, REPO, new NewDeployment(SHA, "staging", "Deploy", false, false, Map.of())))
                .isInstanceOfSatisfying(GitHubException.class, e -> {
                    assertThat(e.status()).hasValue(422);
                    assertThat(e.getMessage())
                            .isEqualTo("creating deployment of " + SHA
                                    + " to staging for acme/hello: 422 Validation Failed");
                });
    }
}
