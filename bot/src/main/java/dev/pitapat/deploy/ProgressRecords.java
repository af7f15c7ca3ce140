package dev.pitapat.deploy;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.pitapat.burst.DeploysInFlight;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Revision;
import dev.pitapat.model.Target;
import dev.pitapat.store.DeployRecords;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The progress records as the deploy package reads and writes them: JSON documents in the store's
 * {@link DeployRecords}, one per deploy, and two threads: the records of one pull request's environment (what its
 * sticky comment lists) and the records of one environment (its earlier deployments, for reports that list
 * them).
 */
@Component
public class ProgressRecords {

    /** How many records a thread keeps. */
    static final int THREAD = 20;

    /** Every sealed type of a record is written with its simple class name beside its fields. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "kind")
    private interface Typed {}

    private final DeployRecords records;
    private final JsonMapper json = JsonMapper.builder()
            .addMixIn(DeployRequest.class, Typed.class)
            .addMixIn(DeployRequest.Origin.class, Typed.class)
            .addMixIn(Outcome.class, Typed.class)
            .addMixIn(Outcome.Hold.class, Typed.class)
            .addMixIn(Outcome.Refusal.class, Typed.class)
            .addMixIn(Outcome.Missing.class, Typed.class)
            .addMixIn(Outcome.Failure.class, Typed.class)
            .addMixIn(Following.End.class, Typed.class)
            .addMixIn(Revision.class, Typed.class)
            .build();

    ProgressRecords(DeployRecords records) {
        this.records = records;
    }

    /** Stores a new record; false (and nothing changes) when one with its id exists: a request handled again. */
    boolean create(Progress progress) {
        DeployRequest.Ask ask = progress.request().ask();
        boolean created = records.create(ask.id().value(), json.writeValueAsString(progress));
        if (created) {
            ask.origin()
                    .pullRequest()
                    .ifPresent(number -> records.append(
                            pullRequestThread(ask.repo(), number, ask.target().env()),
                            ask.id().value(),
                            THREAD));
        }
        return created;
    }

    /** Stores the record; a finished one is done, any other open. */
    void save(Progress progress) {
        save(progress, progress.finished() ? DeployRecords.Standing.DONE : DeployRecords.Standing.OPEN);
    }

    /** Stores the record where it stands: a finished record stays open until its end has been reported. */
    void save(Progress progress, DeployRecords.Standing standing) {
        records.update(progress.request().ask().id().value(), json.writeValueAsString(progress), standing);
    }

    /** Whether the deploy is still open: not ended, or its end not yet reported. */
    public boolean isOpen(DeploymentId id) {
        return records.open().contains(id.value());
    }

    public Optional<Progress> get(DeploymentId id) {
        return records.get(id.value()).map(text -> json.readValue(text, Progress.class));
    }

    /**
     * What the status page shows of a deploy, if the store still has its record: a read-only summary.
     *
     * @throws dev.pitapat.store.StoreUnavailableException when the store cannot answer
     */
    public Optional<DeploySummary> summaryOf(DeploymentId id) {
        return get(id).map(DeploySummary::of);
    }

    /** The records not finished yet, oldest first: what any replica resumes. */
    List<Progress> open() {
        return records.open().stream()
                .flatMap(id -> records.get(id).stream())
                .map(text -> json.readValue(text, Progress.class))
                .toList();
    }

    /**
     * The deploys in flight: open or followed (accepted and not yet ended), with a sha, each sha once per
     * environment, oldest first.
     */
    List<DeploysInFlight.InFlight> inFlight() {
        return java.util.stream.Stream.concat(records.open().stream(), records.followed().stream())
                .distinct()
                .flatMap(id -> records.get(id).stream())
                .map(text -> json.readValue(text, Progress.class))
                .filter(p -> !p.finished() && p.sha().isPresent())
                .map(p -> new DeploysInFlight.InFlight(
                        p.request().ask().installationId(),
                        p.request().ask().repo(),
                        p.sha().get(),
                        p.request().ask().target()))
                .distinct()
                .toList();
    }

    /** The records of a pull request's environment, oldest first: what its sticky comment shows. */
    List<Progress> ofPullRequest(RepoRef repo, int number, EnvName env) {
        return records.thread(pullRequestThread(repo, number, env)).stream()
                .flatMap(id -> records.get(id).stream())
                .map(text -> json.readValue(text, Progress.class))
                .toList();
    }

    /** Notes a deploy that succeeded: the environment's newest successful deployment from now on. */
    void succeeded(Progress progress) {
        DeployRequest.Ask ask = progress.request().ask();
        records.append(environmentThread(ask.repo(), ask.target()), ask.id().value(), THREAD);
    }

    /** The environment's newest successful deploy other than {@code except}, if the store still has one. */
    Optional<Progress> lastSucceeded(RepoRef repo, Target target, DeploymentId except) {
        List<String> ids = records.thread(environmentThread(repo, target));
        for (int i = ids.size() - 1; i >= 0; i--) {
            if (!ids.get(i).equals(except.value())) {
                return records.get(ids.get(i)).map(text -> json.readValue(text, Progress.class));
            }
        }
        return Optional.empty();
    }

    /** The ids of the records followed in the cluster, in the order they began to be. */
    List<String> followedIds() {
        return records.followed();
    }

    /** Notes a deploy followed in its environment from now on: the newest one there. */
    void beganFollowing(Progress progress) {
        DeployRequest.Ask ask = progress.request().ask();
        records.append(followThread(ask.target()), ask.id().value(), THREAD);
    }

    /**
     * The environment's newest deploy that was followed in the cluster, if the store still has it (an app belongs
     * to one repository, so the environment names it).
     */
    Optional<Progress> lastFollowed(Target target) {
        List<String> ids = records.thread(followThread(target));
        return ids.isEmpty() ? Optional.empty() : get(new DeploymentId(ids.getLast()));
    }

    /** Notes that {@code request} (a promote or an abort) acted on the followed deploy {@code followed}. */
    void noteAct(DeploymentId followed, DeploymentId request) {
        records.append("acts:" + followed.value(), request.value(), THREAD);
    }

    /** The promote and abort requests that acted on a followed deploy, oldest first. */
    List<Progress> acts(DeploymentId followed) {
        return records.thread("acts:" + followed.value()).stream()
                .flatMap(id -> records.get(id).stream())
                .map(text -> json.readValue(text, Progress.class))
                .toList();
    }

    private static String followThread(Target target) {
        return "follow:" + target.app() + "/" + target.env();
    }

    private static String environmentThread(RepoRef repo, Target target) {
        return "env:" + repo.fullName() + ":" + target.app() + "/" + target.env();
    }

    private static String pullRequestThread(RepoRef repo, int number, EnvName env) {
        return "pr:" + repo.fullName() + "#" + number + ":" + env.value();
    }
}
