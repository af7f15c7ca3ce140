package dev.pitapat.deploy;

import dev.pitapat.github.CommentRef;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import java.util.List;
import java.util.Optional;

/**
 * One comment per pull request and environment, marked {@code <!-- pitapat:env/<env> -->}, created once and
 * edited in place as deploys move on: what runs there, its state, the app URL, the GitOps commit, and the last
 * actions and who took them. It is found again by the id a record of the thread noted, or else among the bot's
 * own comments (all pages). Pushes report on the commit, never here. Edited when a deploy is accepted, when its
 * place in line changes, and when it ends; not at every step (GitHub's API budget).
 */
final class StickyComment implements Reporter {

    /** How many recent actions the comment lists. */
    static final int SHOWN = 5;

    private final GitHubGateway github;
    private final ProgressRecords records;
    private final GitOpsLinks links;

    StickyComment(GitHubGateway github, ProgressRecords records, GitOpsLinks links) {
        this.github = github;
        this.records = records;
        this.links = links;
    }

    static String marker(EnvName env) {
        return "<!-- pitapat:env/" + env.value() + " -->";
    }

    @Override
    public Progress report(Progress before, Progress now) {
        DeployRequest.Ask ask = now.request().ask();
        Optional<Integer> number = ask.origin().pullRequest();
        if (number.isEmpty() || !worthAnEdit(before, now)) {
            return now;
        }
        List<Progress> thread = records
                .ofPullRequest(ask.repo(), number.get(), ask.target().env())
                .stream()
                .map(p -> p.request().ask().id().equals(ask.id()) ? now : p)
                .toList();
        String body = body(now, thread);
        Optional<Long> known = now.reports()
                .comment()
                .or(() -> thread.stream()
                        .map(p -> p.reports().comment())
                        .flatMap(Optional::stream)
                        .reduce((first, second) -> second));
        CommentRef comment = known.isPresent()
                ? github.editComment(ask.installationId(), ask.repo(), known.get(), body)
                : github.upsertComment(
                        ask.installationId(),
                        ask.repo(),
                        number.get(),
                        marker(ask.target().env()),
                        body);
        return now.withReports(now.reports().withComment(comment.id()));
    }

    /**
     * Acceptance, a new place in line, the turn, each step in the cluster (synced, awaiting promotion, promoted) and
     * the end: what a reader of the pull request needs.
     */
    private static boolean worthAnEdit(Progress before, Progress now) {
        return now.reports().comment().isEmpty()
                || before.stage() != now.stage()
                || CheckRunReport.movedUpToNext(before, now)
                || (now.stage() == Progress.Stage.FOLLOWING
                        && before.steps().size() != now.steps().size());
    }

    /** The deploy's news: how it ended, or where it stands. */
    private static String headline(Progress now) {
        Target target = now.request().ask().target();
        if (now.stage() == Progress.Stage.FOLLOWING) {
            return ClusterWords.followingState(now)
                    + (now.awaitingPromotion()
                            ? now.urls()
                                            .map(u -> ": the preview is at " + u.preview())
                                            .orElse("")
                                    + ". Comment `/promote " + target.env() + "` to switch traffic to it, or `/abort "
                                    + target.env() + "` to keep the old version."
                            : ".");
        }
        Optional<Following> followed = now.following().filter(f -> f.end().isPresent());
        if (now.finished() && followed.isPresent()) {
            return ClusterWords.ended(now.outcome().orElseThrow(), followed.get(), target, now.urls());
        }
        return now.outcome().map(o -> Words.outcome(o, target, now.urls())).orElseGet(() -> Words.state(now));
    }

    private String body(Progress now, List<Progress> thread) {
        DeployRequest.Ask ask = now.request().ask();
        String env = ask.target().env().value();
        StringBuilder text = new StringBuilder(marker(ask.target().env())).append('\n');
        text.append("### pitapat · `").append(env).append("`\n\n");
        Optional<Progress> live =
                thread.reversed().stream().filter(CheckRunReport::live).findFirst();
        text.append("**")
                .append(Words.capitalized(Words.verb(now.request())))
                .append(" `")
                .append(ask.id().value())
                .append("` by @")
                .append(ask.requestedBy())
                .append(":** ")
                .append(headline(now))
                .append("\n\n");
        text.append("| | |\n|---|---|\n");
        text.append("| **State** | ").append(Words.state(now)).append(" |\n");
        live.ifPresent(p -> {
            text.append("| **Runs** | `")
                    .append(p.sha().map(s -> s.abbreviated()).orElse("?"))
                    .append("` (deployment `")
                    .append(p.request().ask().id().value())
                    .append("`) |\n");
            CheckRunReport.Committed.of(p)
                    .ifPresent(c -> text.append("| **GitOps commit** | ")
                            .append(links.commit(c))
                            .append(" |\n"));
        });
        now.urls()
                .or(() -> live.flatMap(Progress::urls))
                .ifPresent(
                        urls -> text.append("| **App** | ").append(urls.app()).append(" |\n"));
        text.append("\n**Recent actions**\n\n");
        List<Progress> recent = thread.reversed().stream().limit(SHOWN).toList();
        for (Progress p : recent) {
            text.append("- ")
                    .append(Words.time(p.accepted()))
                    .append(" · @")
                    .append(p.request().ask().requestedBy())
                    .append(": ")
                    .append(Words.verb(p.request()))
                    .append(p.sha().map(s -> " of `" + s.abbreviated() + "`").orElse(""))
                    .append(" (`")
                    .append(p.request().ask().id().value())
                    .append("`): ")
                    .append(Words.state(p))
                    .append('\n');
        }
        if (thread.size() > SHOWN) {
            text.append("- … ").append(thread.size() - SHOWN).append(" earlier\n");
        }
        text.append("\n<sub>Edited in place by pitapat as deploys move on; `/history ")
                .append(env)
                .append("` lists every deployment.</sub>");
        return text.toString();
    }
}
