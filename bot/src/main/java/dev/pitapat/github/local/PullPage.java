package dev.pitapat.github.local;

import dev.pitapat.github.local.Conversation.Button;
import dev.pitapat.github.local.Conversation.CheckRun;
import dev.pitapat.github.local.Conversation.Comment;
import dev.pitapat.github.local.Conversation.Deployment;
import dev.pitapat.github.local.Conversation.Status;
import gg.jte.Content;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * What the stand-in's page shows of the example pull request: its head and commits, then one timeline, as
 * GitHub's conversation tab has it: comments (Markdown rendered as GitHub would, raw HTML shown as text) with
 * their reactions, and check runs and deployments at the time they were last changed.
 */
record PullPage(
        String repository,
        int number,
        String title,
        String author,
        String branch,
        String head,
        List<String> commits,
        boolean open,
        List<Item> timeline,
        List<String> people,
        List<String> roles,
        Optional<Csrf> csrf) {

    private static final DateTimeFormatter SHOWN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final Parser MARKDOWN = Parser.builder()
            .extensions(List.of(TablesExtension.create(), AutolinkExtension.create()))
            .build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder()
            .extensions(List.of(TablesExtension.create(), AutolinkExtension.create()))
            .escapeHtml(true)
            .sanitizeUrls(true)
            .build();
    private static final Map<String, String> EMOJI =
            Map.of("eyes", "👀", "rocket", "🚀", "confused", "😕", "+1", "👍", "-1", "👎", "hooray", "🎉");

    /** A form's CSRF field, when the page is served behind sign-in. */
    record Csrf(String name, String value) {}

    /** One entry of the timeline. */
    sealed interface Item permits Said, Checked, Deployed {
        Instant at();

        default String time() {
            return SHOWN.format(at());
        }
    }

    record Said(long id, String author, boolean bot, Content body, Instant at, boolean edited, List<String> reactions)
            implements Item {}

    record Checked(
            long id,
            String name,
            String sha,
            String state,
            String tone,
            Optional<String> title,
            Optional<Content> summary,
            List<Button> buttons,
            Instant at)
            implements Item {}

    record Deployed(long id, String environment, String sha, String description, List<String> statuses, Instant at)
            implements Item {}

    static PullPage of(LocalGitHub github, Optional<Csrf> csrf) {
        Conversation conversation = github.snapshot();
        ExampleRepository repository = github.repository();
        List<Item> timeline = Stream.<Stream<? extends Item>>of(
                        conversation.comments().stream().map(PullPage::said),
                        conversation.checkRuns().stream().map(PullPage::checked),
                        conversation.deployments().stream().map(PullPage::deployed))
                .<Item>flatMap(s -> s)
                .sorted(Comparator.comparing(Item::at))
                .toList();
        return new PullPage(
                LocalGitHub.REPO.toString(),
                LocalGitHub.PULL_REQUEST,
                LocalGitHub.PULL_REQUEST_TITLE,
                LocalGitHub.AUTHOR,
                ExampleRepository.PULL_REQUEST_BRANCH,
                LocalGitHub.abbreviated(repository.headOf(ExampleRepository.PULL_REQUEST_BRANCH)),
                repository.commitsOf(ExampleRepository.PULL_REQUEST_BRANCH).reversed().stream()
                        .map(sha -> LocalGitHub.abbreviated(sha) + " "
                                + repository.subjectOf(sha).orElse(""))
                        .toList(),
                conversation.open(),
                timeline.reversed(),
                conversation.roles().entrySet().stream()
                        .map(e -> e.getKey() + " (" + e.getValue() + ")")
                        .toList(),
                List.of("none", "read", "triage", "write", "maintain", "admin"),
                csrf);
    }

    private static Said said(Comment c) {
        return new Said(
                c.id(),
                c.author(),
                c.author().equals(LocalGitHub.BOT),
                markdown(c.body()),
                c.updatedAt(),
                !c.updatedAt().equals(c.createdAt()),
                c.reactions().stream()
                        .map(r -> EMOJI.getOrDefault(r.content(), r.content()) + " " + r.by())
                        .toList());
    }

    private static Checked checked(CheckRun run) {
        String state = run.conclusion() == null
                ? run.status().replace('_', ' ')
                : run.conclusion().replace('_', ' ');
        String tone = run.conclusion() == null
                ? "pending"
                : switch (run.conclusion()) {
                    case "success" -> "good";
                    case "neutral", "skipped", "cancelled" -> "neutral";
                    case "action_required" -> "pending";
                    default -> "bad";
                };
        return new Checked(
                run.id(),
                run.name(),
                LocalGitHub.abbreviated(run.headSha()),
                state,
                tone,
                Optional.ofNullable(run.title()),
                Optional.ofNullable(run.summary()).map(PullPage::markdown),
                run.status().equals("completed") ? run.actions() : List.of(),
                run.updatedAt());
    }

    private static Deployed deployed(Deployment d) {
        List<Status> statuses = d.statuses();
        return new Deployed(
                d.id(),
                d.environment(),
                LocalGitHub.abbreviated(d.sha()),
                d.description(),
                statuses.stream()
                        .map(s -> s.state().replace('_', ' ')
                                + (s.description() == null ? "" : ": " + s.description())
                                + (s.environmentUrl() == null ? "" : " (" + s.environmentUrl() + ")"))
                        .toList(),
                statuses.isEmpty() ? d.createdAt() : statuses.getLast().at());
    }

    /**
     * Markdown as GitHub shows it: the bot's hidden markers hidden, {@code <sub>} as plain text, any other raw HTML
     * shown as text.
     */
    static Content markdown(String text) {
        String shown = text.replaceAll("(?m)^<!-- pitapat:[^>]*-->\\n?", "").replaceAll("</?sub>", "");
        String html = HTML.render(MARKDOWN.parse(shown));
        return output -> output.writeContent(html);
    }
}
