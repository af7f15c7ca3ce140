package dev.pitapat.deploy;

import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * What the status page shows of one deploy beyond its GitOps commit's trailers, read from its progress record.
 *
 * @param action what was asked: {@code deploy}, {@code rollback}, {@code promote}, {@code abort} or {@code removal}
 * @param pullRequest the pull request it came from, if any
 * @param sha the application commit it deploys, once known (a rollback's at its turn)
 * @param appUrl where the app is reached, once the config was read
 * @param state where it stands, in the words of its check run's title ({@code waiting: number 2 in line}, {@code
 *     in progress: rendered}, {@code refused}, …)
 * @param accepted when it was accepted (when it joined the line)
 */
public record DeploySummary(
        DeploymentId id,
        String action,
        String requestedBy,
        RepoRef repo,
        Optional<Integer> pullRequest,
        Optional<Sha> sha,
        Optional<URI> appUrl,
        String state,
        Instant accepted) {

    static DeploySummary of(Progress progress) {
        DeployRequest.Ask ask = progress.request().ask();
        return new DeploySummary(
                ask.id(),
                Words.verb(progress.request()),
                ask.requestedBy(),
                ask.repo(),
                ask.origin().pullRequest(),
                progress.sha(),
                progress.urls().map(Progress.Urls::app),
                Words.state(progress),
                progress.accepted());
    }
}
