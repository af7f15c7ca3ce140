package dev.pitapat.deploy;

import dev.pitapat.config.RepoConfigs;
import dev.pitapat.gitops.DeploymentCommit;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Markdown;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How the reporters word a deploy: the one place where progress records and outcomes become the sentences a
 * developer reads in a check run, the sticky comment, a Deployment's description or a reply.
 */
public final class Words {

    private Words() {}

    /** {@code /deploy}, {@code /rollback}, …: the command a request stands for. */
    static String verb(DeployRequest request) {
        return switch (request) {
            case DeployRequest.Deploy d -> "deploy";
            case DeployRequest.Rollback r -> "rollback";
            case DeployRequest.Promote p -> "promote";
            case DeployRequest.Abort a -> "abort";
            case DeployRequest.Undeploy u -> "removal";
        };
    }

    /** One sentence, Markdown: how a request ended. */
    public static String outcome(Outcome outcome, Target target, Optional<Progress.Urls> urls) {
        String env = "`" + target.env() + "`";
        String at = urls.map(u -> " It is at " + u.app() + ".").orElse("");
        return switch (outcome) {
            case Outcome.Committed c
            when c.restored().isPresent() ->
                (c.again() ? "already rolled back" : "rolled " + env + " back")
                        + " to deployment `" + c.restored().get().value() + "` (`"
                        + c.deployed().abbreviated()
                        + "`): GitOps commit `" + c.commit().abbreviated() + "`. " + env + " stays pinned:"
                        + " push-to-deploy skips it until someone comments `/deploy " + target.env() + "` or `/unlock "
                        + target.env() + "`.";
            case Outcome.Committed c ->
                (c.again() ? "already deployed" : "deployed") + " `"
                        + c.deployed().abbreviated() + "` to " + env + ": GitOps commit `"
                        + c.commit().abbreviated() + "`; Argo CD syncs it from there." + at;
            case Outcome.Unchanged u
            when u.restored().isPresent() ->
                env + " already runs deployment `" + u.restored().get().value() + "`'s manifests; nothing to commit.";
            case Outcome.Unchanged u -> env + " already runs exactly these manifests; nothing to commit." + at;
            case Outcome.Removed r ->
                r.commit()
                        .map(c -> "removed `" + target.label() + "`: GitOps commit `" + c.abbreviated() + "`.")
                        .orElse("`" + target.label() + "` was not deployed; nothing to remove.");
            case Outcome.Promoted p ->
                "promoted " + env
                        + p.preview()
                                .map(d -> " (deployment `" + d.value() + "`)")
                                .orElse("") + ": traffic switches to the new version.";
            case Outcome.Previewed p
            when p.diff().isEmpty() ->
                "dry run: " + env + " already runs exactly these manifests; nothing would be committed.";
            case Outcome.Previewed p ->
                "dry run, nothing committed: deploying `" + p.sha().abbreviated() + "` would change `apps/"
                        + target.app() + "/" + target.env() + "/` like this.\n\n" + ManifestDiff.collapsed(p.diff());
            case Outcome.Refused r -> refusal(r.refusal(), target);
            case Outcome.Skipped s -> "not deployed: " + held(s.hold(), target);
            case Outcome.Failed f ->
                "not done: " + failure(f.failure(), target) + ". Nothing was committed"
                        + (f.failure().retryHelps() ? "; try again." : ".");
        };
    }

    /** {@code refused: why, what would work}: every rule's refusal in words, names in code spans. */
    public static String refusal(Outcome.Refusal refusal, Target target) {
        String env = "`" + target.env() + "`";
        return switch (refusal) {
            case Outcome.Refusal.PermissionLost lost ->
                "refused: when its turn came, @" + lost.login() + " no longer had `"
                        + lost.needed().roleName()
                        + "` permission on this repository (now `" + lost.now().roleName()
                        + "`), so nothing was changed. Ask someone with `"
                        + lost.needed().roleName()
                        + "` to run it.";
            case Outcome.Refusal.PermissionUnknown unknown ->
                "refused: when its turn came, GitHub could not confirm that @" + unknown.login()
                        + " may still run it here; pitapat refuses rather than guess, and nothing was changed. Try"
                        + " again in a minute.";
            case Outcome.Refusal.NoCluster none ->
                "refused: `/" + none.command() + "` acts on the cluster, and this pitapat follows none (no kubeconfig"
                        + " or in-cluster service account, or `pitapat.kube.enabled=false`); nothing was changed. Ask"
                        + " whoever runs pitapat to give it the cluster, or use `/rollback " + target.env() + "`.";
            case Outcome.Refusal.NothingToPromote nothing ->
                "refused: nothing awaits promotion in " + env + ": "
                        + nothing.phase()
                                .map(phase -> "its Rollout `" + target.app() + "` (namespace `" + target.label()
                                        + "`) is " + (phase.isEmpty() ? "without a phase" : "`" + phase + "`"))
                                .orElse("there is no Rollout `" + target.app() + "` in namespace `" + target.label()
                                        + "` yet")
                        + ". `/promote` switches traffic to a blue-green preview that waits for it; `/status "
                        + target.env() + "` shows where it stands.";
            case Outcome.Refusal.NothingToAbort nothing ->
                "refused: nothing to abort in " + env + ": "
                        + nothing.phase()
                                .map(phase -> "its Rollout `" + target.app() + "` runs one version, fully promoted"
                                        + (phase.isEmpty() ? "" : " (`" + phase + "`)"))
                                .orElse("there is no Rollout `" + target.app() + "` in namespace `" + target.label()
                                        + "`")
                        + ". To return to an earlier deployment, comment `/rollback " + target.env() + "`.";
            case Outcome.Refusal.InvalidConfig invalid ->
                "refused: `" + RepoConfigs.PATH + "` at `" + invalid.sha().abbreviated() + "` (the app keys come"
                        + " from the deployed commit, the rest from the default branch) breaks these rules, so"
                        + " nothing was deployed:\n"
                        + invalid.problems().stream()
                                .map(p -> "  - " + p.asMarkdown())
                                .collect(Collectors.joining("\n"))
                        + "\n\nFix the file and deploy again.";
            case Outcome.Refusal.Locked locked ->
                "refused: " + env + " is locked by @" + locked.freeze().by() + " since "
                        + locked.freeze().at()
                        + locked.freeze().reasonText() + ". Ask @"
                        + locked.freeze().by() + " to comment `/unlock "
                        + target.env() + "`.";
            case Outcome.Refusal.NotLiveBefore order ->
                "refused: " + env + " comes after `" + order.before() + "` (`after: " + order.before() + "` in `"
                        + RepoConfigs.PATH + "`), and `" + order.sha().abbreviated() + "` is not live in `"
                        + order.before() + "`: "
                        + order.runs()
                                .map(runs -> "it runs `" + runs.abbreviated() + "`")
                                .orElse("nothing is deployed there")
                        + ". Deploy it there first: `/deploy " + order.before() + "`.";
            case Outcome.Refusal.NotHealthyBefore order ->
                "refused: " + env + " comes after `" + order.before() + "` (`after: " + order.before() + "` in `"
                        + RepoConfigs.PATH + "`), and `" + order.sha().abbreviated() + "` is committed there but not"
                        + " healthy in the cluster yet: "
                        + switch (order.there()) {
                            case NONE -> "it has no Rollout yet";
                            case OTHER_VERSION -> "its Rollout does not run it yet";
                            case NOT_HEALTHY ->
                                "its Rollout is `" + order.phase().orElse("starting") + "`";
                            case AWAITING_PROMOTION -> "it awaits promotion (`/promote " + order.before() + "`)";
                            case NO_ANSWER -> "the cluster did not answer";
                        }
                        + ". Deploy here once `deploy/" + order.before() + "` has succeeded.";
            case Outcome.Refusal.Unmet unmet ->
                "refused: " + env + " requires " + requires(unmet.requires()) + " (`requires:` in `" + RepoConfigs.PATH
                        + "` on the default branch), and "
                        + String.join(
                                "; ",
                                unmet.missing().stream().map(Words::missing).toList()) + ".";
            case Outcome.Refusal.Unknowable unknowable ->
                "refused: " + env + " requires " + requires(unknowable.requires())
                        + ", and GitHub could not tell whether `"
                        + unknowable.sha().abbreviated() + "` has "
                        + (unknowable.requires().size() == 1 ? "it" : "them")
                        + unknowable
                                .status()
                                .map(s -> " (it answered " + s + ")")
                                .orElse("")
                        + ". pitapat refuses rather than guess. Try again in a minute.";
            case Outcome.Refusal.NothingToRollBack nothing ->
                nothing.empty()
                        ? "refused: " + env + " has no deployment in the GitOps repository. Deploy it first with"
                                + " `/deploy " + target.env() + "`."
                        : "refused: " + env + " has only one deployment. Deploy another version with `/deploy "
                                + target.env() + "`.";
            case Outcome.Refusal.UnknownRevision unknown ->
                "refused: " + Markdown.code(unknown.revision().text()) + " is not a deployment of `" + target.label()
                        + "`. `/history " + target.env() + "` lists them.";
            case Outcome.Refusal.EmptyDeployment empty ->
                "refused: deployment `" + empty.deployment().value() + "` left " + env + " empty. Use `/deploy`"
                        + " instead.";
            case Outcome.Refusal.NoBuilder none ->
                "refused: `" + RepoConfigs.PATH + "` asks pitapat to build the image (`build: argo-workflows`), and "
                        + switch (none.missing()) {
                            case CLUSTER -> "this pitapat follows no cluster to build in";
                            case REGISTRY_SECRET ->
                                "this pitapat has no registry credential to push it with"
                                        + " (`pitapat.build.registry-secret` is not set)";
                        }
                        + "; an image cannot be built, so nothing was deployed. Ask whoever runs pitapat to set it up,"
                        + " or build the image in your CI and set `build: external`.";
            case Outcome.Refusal.GitOpsRule rule ->
                "refused: " + rule.why() + (rule.instead().isEmpty() ? "" : " " + rule.instead());
        };
    }

    /** What broke, one clause: {@code not done: <this>. Nothing was committed…}. */
    public static String failure(Outcome.Failure failure, Target target) {
        return switch (failure) {
            case Outcome.Failure.GaveUpWaiting waited ->
                "`" + target.env() + "` stayed busy for " + waited.maxWait().toMinutes()
                        + " minutes (`pitapat.deploy.max-wait`), so this gave up waiting";
            case Outcome.Failure.LeaseLapsed lapsed ->
                "pitapat's hold on `" + target.env() + "` lapsed before the commit (this replica could not renew it"
                        + " within `pitapat.deploy.lease`), and another deploy may have started there";
            case Outcome.Failure.GitOpsAccess access ->
                "the GitOps repository refused pitapat (" + access.detail() + "); retrying will not help until"
                        + " whoever runs pitapat fixes that";
            case Outcome.Failure.GitOps gitops when gitops.retryHelps() -> gitops.detail();
            case Outcome.Failure.GitOps gitops ->
                gitops.detail() + "; retrying will not help until whoever runs pitapat fixes that";
            case Outcome.Failure.GitHubUnavailable github -> "GitHub could not answer while " + github.operation();
            case Outcome.Failure.Cluster cluster -> "the cluster did not do it: " + cluster.detail();
            case Outcome.Failure.BuildFailed failed ->
                switch (failed.kind()) {
                            case BUILD -> "its image's build (Workflow `" + failed.name() + "`) failed";
                            case CHECK -> "the check " + Markdown.code(failed.name()) + " that makes its image failed";
                        }
                        + (failed.message().isBlank() ? "" : ": " + Markdown.code(failed.message()))
                        + failed.logs().map(l -> " ([logs](" + l + "))").orElse("")
                        + (failed.kind() == Progress.Building.Kind.BUILD
                                ? "; deploying the same commit again builds it again"
                                : "; re-run it, then deploy again");
            case Outcome.Failure.BuildTimedOut late ->
                switch (late.kind()) {
                            case BUILD -> "its image's build (Workflow `" + late.name() + "`) did not finish";
                            case CHECK ->
                                "the check " + Markdown.code(late.name()) + " that makes its image did not succeed";
                        }
                        + " within " + duration(late.timeout()) + " (`pitapat.build.timeout`)";
            case Outcome.Failure.Unexpected unexpected ->
                "pitapat failed while deploying (" + unexpected.kind() + "); the log of pitapat has the details";
        };
    }

    private static String missing(Outcome.Missing missing) {
        return switch (missing) {
            case Outcome.Missing.NoPullRequest none ->
                "`" + none.sha().abbreviated() + "` belongs to no pull request, so nobody approved it: deploy it"
                        + " from an approved pull request";
            case Outcome.Missing.NoApproval none ->
                "pull request #" + none.pullRequest() + " has no approving review yet: ask a reviewer to approve it";
            case Outcome.Missing.ChangesRequested changes ->
                "pull request #" + changes.pullRequest() + " has changes requested by "
                        + String.join(
                                ", ",
                                changes.reviewers().stream().map(r -> "@" + r).toList())
                        + ": address them and ask for a new review";
            case Outcome.Missing.NoChecks none ->
                "no check has reported on `" + none.sha().abbreviated() + "` yet: wait for its checks to run";
            case Outcome.Missing.ChecksNotGreen checks -> {
                String names = checks.checks().stream()
                                .map(c -> Markdown.code(c.name()) + " (" + c.detail() + ")")
                                .collect(Collectors.joining(", "))
                        + (checks.more() > 0 ? " and " + checks.more() + " more" : "");
                int count = checks.checks().size() + checks.more();
                yield checks.failed()
                        ? "on `" + checks.sha().abbreviated() + "` " + names + " failed: fix "
                                + (count == 1 ? "it" : "them") + " (or re-run) and deploy again"
                        : "on `" + checks.sha().abbreviated() + "` " + names + " has not finished: deploy again when "
                                + (count == 1 ? "it is" : "they are") + " green";
            }
        };
    }

    private static String requires(java.util.Set<dev.pitapat.config.Requirement> requires) {
        return requires.stream().sorted().map(r -> "`" + r.yaml() + "`").collect(Collectors.joining(" and "));
    }

    /** Why a push deploy left an environment alone, and what hands it back. */
    static String held(Outcome.Hold hold, Target target) {
        String env = target.env().value();
        return switch (hold) {
            case Outcome.Hold.Locked locked ->
                "@" + locked.lock().by() + " locked `" + env + "` at "
                        + locked.lock().at()
                        + locked.lock()
                                .reason()
                                .map(r -> " (" + Markdown.code(r) + ")")
                                .orElse("")
                        + ", so push-to-deploy leaves it alone. To hand it back, comment `/unlock " + env
                        + "` on a pull request (ask @" + locked.lock().by() + " first).";
            case Outcome.Hold.Pinned pinned ->
                "@" + pinned.pin().by() + " rolled `" + env + "` back to deployment "
                        + Markdown.code(pinned.pin().revision()) + " at "
                        + pinned.pin().at()
                        + ", and it stays pinned there, so push-to-deploy leaves it alone. To hand it back, comment"
                        + " `/deploy " + env + "` or `/unlock " + env + "` on a pull request.";
            case Outcome.Hold.Superseded superseded ->
                "while the replica running this deploy stalled, deployment `"
                        + superseded.by().value() + "` (`"
                        + superseded.sha().abbreviated() + "`), asked for after this one, reached `" + env
                        + "`; this older one is not committed over it. To deploy it anyway, ask again.";
            case Outcome.Hold.Replaced replaced ->
                "while it waited for its image, deployment `" + replaced.by().value() + "`"
                        + replaced.sha()
                                .map(sha -> " (`" + sha.abbreviated() + "`)")
                                .orElse("")
                        + " was asked for `" + env + "`, so this older one stopped waiting. To deploy it anyway, ask"
                        + " again.";
        };
    }

    /** A check run's title for a push deploy held back. */
    static String heldTitle(Outcome.Hold hold) {
        return switch (hold) {
            case Outcome.Hold.Locked locked -> "Not deployed: locked";
            case Outcome.Hold.Pinned pinned -> "Not deployed: pinned by a rollback";
            case Outcome.Hold.Superseded superseded -> "Not deployed: a newer deploy went first";
            case Outcome.Hold.Replaced replaced -> "Not deployed: a newer deploy was asked for";
        };
    }

    /** While a deploy waits for its image, one short line: {@code waiting for its image: build 1/2}. */
    static String buildingState(Progress.Building image) {
        return switch (image.kind()) {
            case BUILD -> "waiting for its image: build " + image.progress().orElse("started");
            case CHECK -> "waiting for its image: check " + Markdown.code(image.name());
        };
    }

    /** Where the image of a deploy waiting for it comes from, and what happens next: for the check run's summary. */
    static String buildingText(Progress progress, Progress.Building image, java.time.Duration timeout) {
        String sha = progress.sha().map(Sha::abbreviated).orElse("the commit");
        String then = " The " + verb(progress.request()) + " goes on once it is there, and gives up after "
                + duration(timeout) + " (`pitapat.build.timeout`).";
        return switch (image.kind()) {
            case BUILD ->
                "Building the image of `" + sha + "`: Workflow `" + image.name() + "`"
                        + image.progress().map(p -> ", " + p + " done").orElse("")
                        + image.logs().map(l -> " ([logs](" + l + "))").orElse("")
                        + "." + (image.lastWord().isBlank() ? "" : " Argo: " + Markdown.code(image.lastWord()) + ".")
                        + then;
            case CHECK ->
                "Waiting for the check " + Markdown.code(image.name()) + " on `" + sha + "` (`build-check` in `"
                        + RepoConfigs.PATH + "`): its success means the image exists"
                        + (image.lastWord().isBlank() ? "" : "; it is `" + image.lastWord() + "` now") + "." + then;
        };
    }

    /** The {@code build} check run of a build just started. */
    static String buildStartedTitle(String image) {
        return "Building " + image;
    }

    static String buildStartedSummary(String image) {
        return "pitapat builds `" + image + "` with Argo Workflows (`build: argo-workflows`).";
    }

    /** The {@code build} check run's title as the build stands. */
    static String buildTitle(dev.pitapat.kube.BuildState state) {
        return switch (state.phase()) {
            case PENDING -> "Build queued";
            case RUNNING -> "Building" + state.progress().map(p -> ": " + p).orElse("");
            case SUCCEEDED -> "Built";
            case FAILED, ERROR -> "Build failed";
        };
    }

    /** The {@code build} check run's summary: the Workflow, its progress, Argo's message, the logs. */
    static String buildSummary(dev.pitapat.kube.BuildState state, String namespace, Optional<java.net.URI> logs) {
        return "Workflow `" + state.name() + "` in `" + namespace + "`"
                + state.progress().map(p -> ", " + p + " done").orElse("") + "."
                + (state.message().isBlank() ? "" : "\n\nArgo: " + Markdown.code(state.message()))
                + logs.map(l -> "\n\n[Logs](" + l + ")").orElse("");
    }

    /** {@code 30 minutes}, {@code 2 hours}, {@code 45 seconds}. */
    static String duration(java.time.Duration d) {
        if (d.toSeconds() < 120) {
            return d.toSeconds() + " seconds";
        }
        if (d.toMinutes() < 120 || d.toMinutes() % 60 != 0) {
            return d.toMinutes() + " minutes";
        }
        return d.toHours() + " hours";
    }

    /** Where a deploy stands, one short line: for titles and the sticky comment. */
    static String state(Progress progress) {
        return switch (progress.stage()) {
            case QUEUED -> waiting(progress) ? "waiting: " + placeText(progress) : "queued";
            case BUILDING -> buildingState(progress.building().orElseThrow());
            case RUNNING -> progress.steps().isEmpty() ? "in progress" : "in progress: " + stepsText(progress);
            case FOLLOWING -> ClusterWords.followingState(progress);
            case FINISHED ->
                progress.following()
                        .filter(f -> f.end().isPresent())
                        .map(f -> ClusterWords.endState(f.end().get())
                                + f.promoted()
                                        .filter(act -> f.end().get() instanceof Following.End.Healthy)
                                        .map(act -> ", promoted by " + act.who() + " at " + Words.time(act.at()))
                                        .orElse(""))
                        .orElseGet(() -> finishedState(progress.outcome().orElseThrow()));
        };
    }

    /** Whether it waits behind another deploy (rather than being about to run). */
    static boolean waiting(Progress progress) {
        return progress.place() > 1 || progress.behind().isPresent();
    }

    /** {@code number 2 in line behind `d-…`}. */
    static String placeText(Progress progress) {
        return "number " + Math.max(1, progress.place()) + " in line"
                + progress.behind().map(b -> " behind `" + b + "`").orElse("");
    }

    /** Who asked, and how: {@code @dana (comment on #7)}, {@code @dana (push to `main`)}. */
    static String askedBy(DeployRequest.Ask ask) {
        String how = switch (ask.origin()) {
            case DeployRequest.Origin.Command c ->
                (c.commentId().isPresent() ? "comment" : "button") + " on #" + c.number();
            case DeployRequest.Origin.Push p -> "push to " + Markdown.code(ask.defaultBranch());
            case DeployRequest.Origin.Closed c -> "closed #" + c.number();
            case DeployRequest.Origin.PromotionTimeout t ->
                "nobody promoted `" + t.preview().value() + "` within its `promotion-timeout` of "
                        + ClusterWords.duration(t.after());
        };
        return "@" + ask.requestedBy() + " (" + how + ")";
    }

    static String finishedState(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Committed c -> "committed; rollout status unknown: no cluster configured";
            case Outcome.Promoted p -> "promoted";
            case Outcome.Unchanged u -> "unchanged; rollout status unknown: no cluster configured";
            case Outcome.Removed r -> "removed";
            case Outcome.Previewed p -> "dry run";
            case Outcome.Refused r -> "refused";
            case Outcome.Skipped s -> "not deployed: held back";
            case Outcome.Failed f -> "failed";
        };
    }

    static String stepsText(Progress progress) {
        return String.join(
                ", ", progress.steps().stream().map(s -> s.name().words()).toList());
    }

    /** The environment's last deployments, newest first, for {@code /history}. */
    static String history(
            Target target, List<DeploymentCommit> deployments, Function<DeploymentId, Optional<Progress>> records) {
        if (deployments.isEmpty()) {
            return "`" + target.env() + "` has no deployment in the GitOps repository yet.";
        }
        StringBuilder text = new StringBuilder("the last " + deployments.size() + " of `" + target.env() + "`:\n");
        for (DeploymentCommit d : deployments) {
            text.append("  - `")
                    .append(d.deployment().value())
                    .append("` ")
                    .append(d.action().word())
                    .append(" of `")
                    .append(d.source().shortText())
                    .append("` by @")
                    .append(d.requestedBy())
                    .append(", ")
                    .append(d.time())
                    .append(" (GitOps `")
                    .append(new Sha(d.commitSha()).abbreviated())
                    .append("`)")
                    .append(records.apply(d.deployment())
                            .filter(p -> p.following().isPresent())
                            .map(p -> ": " + state(p))
                            .orElse(""))
                    .append('\n');
        }
        return text.toString().stripTrailing();
    }

    /** A moment as every report shows it: UTC, to the second ({@code 2026-12-03T10:04:12Z}). */
    static String time(java.time.Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String capitalized(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }
}
