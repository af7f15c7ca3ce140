package dev.pitapat.deploy;

import dev.pitapat.model.Sha;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The durable record of one deploy's progress, kept in the store from acceptance to its end and resumed by any
 * replica. Check runs, the GitHub Deployment and the sticky comment are views of it, so they never disagree.
 *
 * @param stage where it is
 * @param place while queued behind a busy environment, its place in line (1 is next); 0 otherwise
 * @param behind while queued, the deploy that holds the environment ({@code d-…} by whom), if known
 * @param steps what it has done so far, in order
 * @param sha the application commit it deploys: known at acceptance for a deploy, at its turn for a rollback
 * @param urls the app's address and its blue-green preview's, once the config has been read
 * @param outcome what its turn did (committed, refused, …), once the turn is over
 * @param following what the cluster did with its commit, while and after it is followed
 * @param earlier whether the environment had a deployment before this one to roll back to
 * @param reports what the reporters created on GitHub for it
 */
public record Progress(
        DeployRequest request,
        Stage stage,
        int place,
        Optional<String> behind,
        List<Step> steps,
        Optional<Sha> sha,
        Optional<Urls> urls,
        Optional<Outcome> outcome,
        Optional<Following> following,
        boolean earlier,
        Reports reports,
        Instant accepted,
        Instant updated,
        Optional<Building> building) {

    public Progress {
        steps = List.copyOf(steps);
        building = building == null ? Optional.empty() : building; // records stored before builds existed
    }

    /**
     * What a deploy waits for before it renders: its image, made by pitapat's build or by an external CI.
     *
     * @param kind who makes it
     * @param name the build's Workflow, or the check run or commit status named by {@code build-check}
     * @param since when the wait began: {@code pitapat.build.timeout} runs from here
     * @param progress Argo's {@code status.progress} ({@code 1/2}), when it reports one
     * @param lastWord Argo's last message, or GitHub's word for the check, for the reports
     * @param logs where the build's logs are, when {@code pitapat.build.logs-url} says
     * @param looked when pitapat last looked at an external check
     */
    public record Building(
            Kind kind,
            String name,
            Instant since,
            Optional<String> progress,
            String lastWord,
            Optional<URI> logs,
            Instant looked) {

        /** Who makes the image. */
        public enum Kind {
            /** pitapat's own build: a Workflow from the {@code pitapat-build} template. */
            BUILD,
            /** An external CI, whose check run or commit status {@code build-check} names. */
            CHECK
        }

        public Building seen(Optional<String> progressNow, String word, Instant now) {
            return new Building(kind, name, since, progressNow, word, logs, now);
        }
    }

    /** Where a deploy is. */
    public enum Stage {
        /** accepted, waiting for its turn */
        QUEUED,
        /** its turn found no image yet: out of line, waiting for its build or its external check */
        BUILDING,
        /** its turn: checks, render, commit */
        RUNNING,
        /** committed, and followed in the cluster until it is healthy, fails or is superseded */
        FOLLOWING,
        /** ended: {@link #outcome} says how, and {@link #following} too when it was followed */
        FINISHED
    }

    /** Where the app is reached, and where its blue-green preview is (before promotion). */
    public record Urls(URI app, URI preview) {}

    /** Something done, and when. */
    public record Step(StepName name, Instant at) {}

    /** The steps a deploy goes through, in DESIGN.md's words. */
    public enum StepName {
        BUILT("built"),
        RENDERED("rendered"),
        COMMITTED("committed"),
        SYNCED("synced"),
        HEALTHY("healthy"),
        AWAITING_PROMOTION("awaiting promotion"),
        PROMOTED("promoted");

        private final String words;

        StepName(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /**
     * The GitHub objects the reporters made for this deploy, so that each is edited rather than made again.
     *
     * @param checkRun the {@code deploy/<env>} check run, and its page
     * @param deployment the GitHub Deployment
     * @param comment the pull request's sticky comment for the environment
     * @param reacted whether the command comment got its final reaction
     */
    public record Reports(
            Optional<Long> checkRun,
            Optional<URI> checkRunUrl,
            Optional<Long> deployment,
            Optional<Long> comment,
            boolean reacted) {

        public static final Reports NONE =
                new Reports(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);

        public Reports withCheckRun(long id, URI url) {
            return new Reports(Optional.of(id), Optional.of(url), deployment, comment, reacted);
        }

        public Reports withDeployment(long id) {
            return new Reports(checkRun, checkRunUrl, Optional.of(id), comment, reacted);
        }

        public Reports withComment(long id) {
            return new Reports(checkRun, checkRunUrl, deployment, Optional.of(id), reacted);
        }

        public Reports withReacted() {
            return new Reports(checkRun, checkRunUrl, deployment, comment, true);
        }
    }

    /** A new record: queued, at {@code place} in line (0 when the environment is free). */
    public static Progress accepted(DeployRequest request, Optional<Sha> sha, Instant now) {
        return new Progress(
                request,
                Stage.QUEUED,
                0,
                Optional.empty(),
                List.of(),
                sha,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                Reports.NONE,
                now,
                now,
                Optional.empty());
    }

    public boolean finished() {
        return stage == Stage.FINISHED;
    }

    public boolean did(StepName step) {
        return steps.stream().anyMatch(s -> s.name() == step);
    }

    public Progress waiting(int place, Optional<String> behind, Instant now) {
        return new Progress(
                request,
                Stage.QUEUED,
                place,
                behind,
                steps,
                sha,
                urls,
                outcome,
                following,
                earlier,
                reports,
                accepted,
                now,
                building);
    }

    public Progress running(Instant now) {
        return new Progress(
                request,
                Stage.RUNNING,
                0,
                Optional.empty(),
                steps,
                sha,
                urls,
                outcome,
                following,
                earlier,
                reports,
                accepted,
                now,
                building);
    }

    public Progress step(StepName name, Instant now) {
        if (did(name)) {
            return this;
        }
        List<Step> more = new ArrayList<>(steps);
        more.add(new Step(name, now));
        return new Progress(
                request, stage, place, behind, more, sha, urls, outcome, following, earlier, reports, accepted, now,
                building);
    }

    public Progress withSha(Sha deployed) {
        return new Progress(
                request,
                stage,
                place,
                behind,
                steps,
                Optional.of(deployed),
                urls,
                outcome,
                following,
                earlier,
                reports,
                accepted,
                updated,
                building);
    }

    public Progress withUrls(Urls addresses) {
        return new Progress(
                request,
                stage,
                place,
                behind,
                steps,
                sha,
                Optional.of(addresses),
                outcome,
                following,
                earlier,
                reports,
                accepted,
                updated,
                building);
    }

    public Progress withEarlier(boolean hasEarlier) {
        return new Progress(
                request,
                stage,
                place,
                behind,
                steps,
                sha,
                urls,
                outcome,
                following,
                hasEarlier,
                reports,
                accepted,
                updated,
                building);
    }

    public Progress finished(Outcome how, Instant now) {
        return new Progress(
                request,
                Stage.FINISHED,
                0,
                Optional.empty(),
                steps,
                sha,
                urls,
                Optional.of(how),
                following,
                earlier,
                reports,
                accepted,
                now,
                building);
    }

    /** Committed, and from now on followed in the cluster: {@code outcome} is what its turn did. */
    public Progress following(Outcome committed, Following follow, Instant now) {
        return new Progress(
                request,
                Stage.FOLLOWING,
                0,
                Optional.empty(),
                steps,
                sha,
                urls,
                Optional.of(committed),
                Optional.of(follow),
                earlier,
                reports,
                accepted,
                now,
                building);
    }

    /** What the cluster did next, as {@code follow} says; finished once it has an end. */
    public Progress followed(Following follow, Instant now) {
        return new Progress(
                request,
                follow.end().isPresent() ? Stage.FINISHED : stage,
                place,
                behind,
                steps,
                sha,
                urls,
                outcome,
                Optional.of(follow),
                earlier,
                reports,
                accepted,
                now,
                building);
    }

    /** Waiting for someone to promote its blue-green preview. */
    public boolean awaitingPromotion() {
        return stage == Stage.FOLLOWING
                && following.filter(Following::awaitingPromotion).isPresent();
    }

    /** Its turn found no image yet: out of line until its build (or external check) has finished. */
    public Progress awaiting(Building image, Instant now) {
        return new Progress(
                request,
                Stage.BUILDING,
                0,
                Optional.empty(),
                steps,
                sha,
                urls,
                outcome,
                following,
                earlier,
                reports,
                accepted,
                now,
                Optional.of(image));
    }

    /** What its image's build shows now, while it waits for it. */
    public Progress withBuilding(Building image, Instant now) {
        return new Progress(
                request,
                stage,
                place,
                behind,
                steps,
                sha,
                urls,
                outcome,
                following,
                earlier,
                reports,
                accepted,
                now,
                Optional.of(image));
    }

    public Progress withReports(Reports now) {
        return new Progress(
                request, stage, place, behind, steps, sha, urls, outcome, following, earlier, now, accepted, updated,
                building);
    }
}
