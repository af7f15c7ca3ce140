package dev.pitapat.deploy;

import dev.pitapat.model.Markdown;
import dev.pitapat.model.Target;
import java.util.Optional;

/**
 * How the reporters word what the cluster did with a committed deploy: where a followed deploy stands, and how
 * following it ended, with Argo CD's and Argo Rollouts' own messages quoted (one line, cut at 300 characters).
 */
final class ClusterWords {

    private ClusterWords() {}

    /** Where a followed deploy stands in the cluster, one short line. */
    static String followingState(Progress progress) {
        Following f = progress.following().orElseThrow();
        if (f.awaitingPromotion()) {
            return "awaiting promotion";
        }
        if (f.promoted().isPresent()) {
            return "promoted by " + f.promoted().get().who() + "; waiting for the rollout to become healthy";
        }
        if (progress.did(Progress.StepName.SYNCED)) {
            return "synced; waiting for the rollout to become healthy";
        }
        return "committed; waiting for Argo CD to sync";
    }

    /** How following a deploy ended, one short line. */
    static String endState(Following.End end) {
        return switch (end) {
            case Following.End.Healthy h -> "healthy";
            case Following.End.SyncFailed f -> "sync failed";
            case Following.End.Degraded d -> "degraded";
            case Following.End.TimedOut t ->
                "timed out short of " + t.waitingFor().words();
            case Following.End.Unfollowed u -> "committed; rollout status unknown: " + unfollowed(u);
            case Following.End.Superseded s -> "superseded by `" + s.by().value() + "`";
            case Following.End.Aborted a ->
                a.unpromotedFor().isPresent()
                        ? "aborted: not promoted within "
                                + duration(a.unpromotedFor().get())
                        : "aborted by " + a.act().who();
        };
    }

    /**
     * One sentence, Markdown: what the cluster did with a committed deploy, once following it ended. {@code
     * outcome} is what its turn committed.
     */
    static String ended(Outcome outcome, Following following, Target target, Optional<Progress.Urls> urls) {
        String env = "`" + target.env() + "`";
        String commit = "GitOps commit `" + following.commit().abbreviated() + "`";
        String version = switch (outcome) {
            case Outcome.Committed c -> "`" + c.deployed().abbreviated() + "`";
            case Outcome.Unchanged u -> "`" + u.deployed().abbreviated() + "`";
            default -> "it";
        };
        String promoted = following
                .promoted()
                .map(p -> " after " + p.who() + " promoted it at " + Words.time(p.at()))
                .orElse("");
        return switch (following.end().orElseThrow()) {
            case Following.End.Healthy h ->
                version + " is live in " + env + ": synced by Argo CD and healthy" + promoted + " (" + commit + ")."
                        + urls.map(u -> " It is at " + u.app() + ".").orElse("");
            case Following.End.SyncFailed f ->
                "Argo CD could not sync " + version + " to " + env + " (" + commit + "): "
                        + Markdown.code(oneLine(f.message())) + ". Fix what it names and deploy again.";
            case Following.End.Degraded d ->
                "the Rollout of " + version + " in " + env + " is `Degraded`: " + Markdown.code(oneLine(d.message()))
                        + ". Argo Rollouts keeps traffic on the stable version; fix it and deploy again, or `/rollback "
                        + target.env() + "`.";
            case Following.End.TimedOut t ->
                version + " was not " + t.waitingFor().words() + " in " + env + " within " + duration(t.after())
                        + " (`pitapat.kube."
                        + (t.waitingFor() == Progress.StepName.SYNCED ? "sync" : "healthy") + "-timeout`); "
                        + (t.lastWord().isBlank()
                                ? "Argo said nothing about it"
                                : "Argo's last word: " + Markdown.code(oneLine(t.lastWord())))
                        + ". The " + commit + " stays; look at Argo CD, then deploy again or `/rollback "
                        + target.env() + "`.";
            case Following.End.Unfollowed u ->
                "committed " + version + " to " + env + " (" + commit + "), but its rollout status is unknown: "
                        + unfollowed(u) + ". Argo CD syncs it from the GitOps repository all the same.";
            case Following.End.Superseded s ->
                "superseded by deployment `" + s.by().value() + "` before it was healthy in " + env + ".";
            case Following.End.Aborted a ->
                (a.unpromotedFor().isPresent()
                                ? "aborted: nobody promoted " + version + " in " + env
                                        + " within its `promotion-timeout`" + " of "
                                        + duration(a.unpromotedFor().get())
                                : "aborted by " + a.act().who() + " at "
                                        + Words.time(a.act().at()))
                        + ". Traffic stayed on the previous version"
                        + a.act()
                                .request()
                                .map(id -> ", which abort `" + id.value() + "` commits back")
                                .orElse("")
                        + ".";
        };
    }

    /** Why a followed deploy's rollout status is unknown. */
    static String unfollowed(Following.End.Unfollowed unfollowed) {
        return "the cluster did not answer pitapat for " + duration(unfollowed.after());
    }

    /** {@code 2 hours}, {@code 5 minutes}: a duration in words. */
    static String duration(java.time.Duration duration) {
        if (duration.toSeconds() % 3600 == 0) {
            return duration.toHours() + (duration.toHours() == 1 ? " hour" : " hours");
        }
        if (duration.toSeconds() % 60 == 0) {
            return duration.toMinutes() + (duration.toMinutes() == 1 ? " minute" : " minutes");
        }
        return duration.toSeconds() + " seconds";
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }
}
