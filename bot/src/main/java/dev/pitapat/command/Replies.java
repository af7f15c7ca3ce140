package dev.pitapat.command;

import dev.pitapat.config.ConfigProblem;
import dev.pitapat.deploy.EnvironmentDesk;
import dev.pitapat.model.Markdown;
import dev.pitapat.model.Target;
import java.util.ArrayList;
import java.util.List;

/** The wording of replies about environments and configuration; user text only through {@link Markdown}. */
final class Replies {

    private Replies() {}

    static String lock(EnvironmentDesk.LockResult result, Target target) {
        return switch (result) {
            case EnvironmentDesk.LockResult.Locked locked ->
                "locked `" + target.env()
                        + "`: `/deploy` and `/rollback` to it are refused until someone with write permission"
                        + " comments `/unlock " + target.env() + "`.";
            case EnvironmentDesk.LockResult.AlreadyLockedByYou mine ->
                "`" + target.env() + "` was already locked by you" + reason(mine.freeze()) + ".";
            case EnvironmentDesk.LockResult.HeldByOther other ->
                "not changed: `" + target.env() + "` is locked by @"
                        + other.freeze().by() + " since " + other.freeze().at() + reason(other.freeze()) + ".";
        };
    }

    static String status(EnvironmentDesk.State state, Target target) {
        List<String> parts = new ArrayList<>();
        parts.add(state.freeze()
                .map(f -> "locked by @" + f.by() + " since " + f.at() + reason(f))
                .orElse("not locked"));
        state.pinnedTo().ifPresent(rev -> parts.add("pinned by a rollback to " + Markdown.code(rev)));
        parts.add(state.deploying()
                .map(holder -> "deploy " + holder + " is in progress"
                        + (state.waiting() == 0
                                ? ""
                                : ", " + state.waiting() + (state.waiting() == 1 ? " waits" : " wait") + " in line"))
                .orElse("no deploy in progress"));
        state.inCluster().ifPresent(followed -> parts.add("in the cluster: " + followed));
        return "`" + target.env() + "`: " + String.join("; ", parts) + ".";
    }

    static String invalidConfig(List<ConfigProblem> problems, String branch) {
        StringBuilder text =
                new StringBuilder("Nothing was run: `.github/pitapat.yml` on `" + branch + "` breaks these rules:\n");
        for (ConfigProblem problem : problems) {
            text.append("- ").append(problem.asMarkdown()).append('\n');
        }
        return text.append("\nFix the file on the default branch, then comment again.")
                .toString();
    }

    private static String reason(EnvironmentDesk.Freeze freeze) {
        return freeze.reasonText();
    }
}
