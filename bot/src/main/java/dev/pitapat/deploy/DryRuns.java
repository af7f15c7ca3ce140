package dev.pitapat.deploy;

import dev.pitapat.github.GitHubException;
import dev.pitapat.gitops.GitOpsException;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.render.ManifestRenderer;
import dev.pitapat.render.Manifests;
import dev.pitapat.render.RenderSettings;
import java.util.Map;

/** {@code /deploy --dry-run}: renders and shows the difference from what the environment's folder holds. */
final class DryRuns {

    private final GitOpsTurn turn;
    private final GitOpsWriter writer;
    private final ManifestRenderer renderer;
    private final RenderSettings site;

    DryRuns(GitOpsTurn turn, GitOpsWriter writer, ManifestRenderer renderer, RenderSettings site) {
        this.turn = turn;
        this.writer = writer;
        this.renderer = renderer;
        this.site = site;
    }

    /** Commits nothing and takes no turn: a preview needs no lease. */
    Outcome preview(DeployRequest.Deploy request) {
        Target target = request.ask().target();
        Sha sha = request.sha();
        try {
            return switch (turn.configure(request.ask(), sha, request.policy())) {
                case GitOpsTurn.Configured.NotRun notRun -> new Outcome.Refused(notRun.refusal());
                case GitOpsTurn.Configured.Ready ready -> {
                    Manifests manifests = renderer.render(ready.config(), target, sha, site);
                    Map<String, byte[]> now = writer.history(target, 1).stream()
                            .findFirst()
                            .flatMap(latest -> writer.treeOf(target, new Sha(latest.commitSha())))
                            .orElse(Map.of());
                    yield new Outcome.Previewed(sha, ManifestDiff.between(now, manifests.files(), target));
                }
            };
        } catch (GitOpsException e) {
            return new Outcome.Failed(new Outcome.Failure.GitOps(Failures.safe(e), e.retryHelps()));
        } catch (GitHubException e) {
            return new Outcome.Failed(new Outcome.Failure.GitHubUnavailable(e.operation()));
        }
    }
}
