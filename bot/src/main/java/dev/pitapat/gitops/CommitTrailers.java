package dev.pitapat.gitops;

import dev.pitapat.model.AppName;
import dev.pitapat.model.Checked;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;

/** The {@code Pitapat-*} trailers of a GitOps commit: their keys and how to read them back. */
final class CommitTrailers {

    static final String ACTION = "Pitapat-Action";
    static final String APP = "Pitapat-App";
    static final String ENVIRONMENT = "Pitapat-Environment";
    static final String SOURCE = "Pitapat-Source";
    static final String DEPLOYMENT = "Pitapat-Deployment";
    static final String REQUESTED_BY = "Pitapat-Requested-By";

    private CommitTrailers() {}

    /** The trailers of {@code commit} by key (the last wins). */
    static Map<String, String> of(RevCommit commit) {
        Map<String, String> trailers = new HashMap<>();
        for (FooterLine line : commit.getFooterLines()) {
            trailers.put(line.getKey(), line.getValue().strip());
        }
        return trailers;
    }

    /** The deployment id the commit carries, if any. */
    static Optional<String> deploymentOf(RevCommit commit) {
        return Optional.ofNullable(of(commit).get(DEPLOYMENT));
    }

    /** The commit as a history entry; empty when it is not a complete pitapat commit. */
    static Optional<DeploymentCommit> parse(RevCommit commit) {
        Map<String, String> t = of(commit);
        Optional<Action> action = Optional.ofNullable(t.get(ACTION)).flatMap(Action::parse);
        Optional<SourceRef> source = Optional.ofNullable(t.get(SOURCE)).flatMap(SourceRef::parse);
        Optional<AppName> app = valid(Optional.ofNullable(t.get(APP)).map(AppName::parse));
        Optional<EnvName> env = valid(Optional.ofNullable(t.get(ENVIRONMENT)).map(EnvName::parse));
        Optional<DeploymentId> id = valid(Optional.ofNullable(t.get(DEPLOYMENT)).map(DeploymentId::parse));
        Optional<String> by = Optional.ofNullable(t.get(REQUESTED_BY));
        if (action.isEmpty() || source.isEmpty() || app.isEmpty() || env.isEmpty() || id.isEmpty() || by.isEmpty()) {
            return Optional.empty();
        }
        Optional<Target> target = valid(Optional.of(Target.of(app.get(), env.get())));
        return target.map(tg -> new DeploymentCommit(
                commit.name(),
                action.get(),
                tg,
                source.get(),
                id.get(),
                by.get(),
                Instant.ofEpochSecond(commit.getCommitTime())));
    }

    private static <T> Optional<T> valid(Optional<Checked<T>> checked) {
        return checked.flatMap(Checked::toOptional);
    }
}
