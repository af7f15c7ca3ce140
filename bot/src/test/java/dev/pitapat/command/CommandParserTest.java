package dev.pitapat.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.command.Command.Abort;
import dev.pitapat.command.Command.Deploy;
import dev.pitapat.command.Command.Help;
import dev.pitapat.command.Command.History;
import dev.pitapat.command.Command.Lock;
import dev.pitapat.command.Command.Promote;
import dev.pitapat.command.Command.Rollback;
import dev.pitapat.command.Command.Status;
import dev.pitapat.command.Command.Unlock;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Revision;
import dev.pitapat.model.Sha;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The grammar of DESIGN.md section 3, one row per behaviour, hostile input included. */
class CommandParserTest {

    private static final String DEPLOY_USAGE = "Usage: `/deploy [env] [--sha <sha>] [--dry-run]`";
    private static final String ENV_RULE = "Environment names are DNS-1123 labels: lowercase letters, digits and '-',"
            + " starting and ending with a letter or digit, at most 63 characters.";

    private final CommandParser parser = new CommandParser();

    static Stream<Row> rows() {
        return Stream.of(
                // every command form
                row("deploy to the default environment", "/deploy", runs(new Deploy(none(), none(), false))),
                row("deploy to an environment", "/deploy staging", runs(deploy("staging"))),
                row("deploy a dry run", "/deploy staging --dry-run", runs(new Deploy(env("staging"), none(), true))),
                row(
                        "options before the environment",
                        "/deploy --dry-run staging",
                        runs(new Deploy(env("staging"), none(), true))),
                row(
                        "deploy a sha",
                        "/deploy staging --sha 4f9c2a7",
                        runs(new Deploy(env("staging"), sha("4f9c2a7"), false))),
                row(
                        "deploy a full sha with --sha=",
                        "/deploy --sha=4f9c2a7b1e03d5f6a7b8c9d0e1f2a3b4c5d6e7f8 production",
                        runs(new Deploy(env("production"), sha("4f9c2a7b1e03d5f6a7b8c9d0e1f2a3b4c5d6e7f8"), false))),
                row(
                        "sha and dry run without env",
                        "/deploy --sha 4f9c2a7 --dry-run",
                        runs(new Deploy(none(), sha("4f9c2a7"), true))),
                row("preview environment name", "/deploy pr-42", runs(deploy("pr-42"))),
                row("capitalised word", "/Deploy staging", runs(deploy("staging"))),
                row("upper-case word", "/DEPLOY staging", runs(deploy("staging"))),
                row("rollback to the previous revision", "/rollback", runs(new Rollback(none(), none()))),
                row("rollback an environment", "/rollback staging", runs(new Rollback(env("staging"), none()))),
                row(
                        "rollback to a GitOps commit",
                        "/rollback staging 4f9c2a7",
                        runs(new Rollback(env("staging"), Optional.of(new Revision.Commit(new Sha("4f9c2a7")))))),
                row(
                        "rollback to a deployment",
                        "/rollback production d-4f9c2a7b1e03",
                        runs(new Rollback(
                                env("production"),
                                Optional.of(new Revision.Deployment(new DeploymentId("d-4f9c2a7b1e03")))))),
                row(
                        "rollback an environment of hex letters only",
                        "/rollback defaced",
                        runs(new Rollback(env("defaced"), none()))),
                row("promote", "/promote", runs(new Promote(none()))),
                row("promote an environment", "/promote staging", runs(new Promote(env("staging")))),
                row("abort", "/abort staging", runs(new Abort(env("staging")))),
                row("status", "/status", runs(new Status(none()))),
                row("status of a preview", "/status pr-42", runs(new Status(env("pr-42")))),
                row("history", "/history staging", runs(new History(env("staging")))),
                row("lock without reason", "/lock production", runs(new Lock(new EnvName("production"), none()))),
                row(
                        "lock with a reason",
                        "/lock production db migration till 18:00",
                        runs(lock("production", "db migration till 18:00"))),
                row(
                        "lock reason in quotes with a mention",
                        "/lock prod \"reason with spaces and @mentions\"",
                        runs(lock("prod", "reason with spaces and @mentions"))),
                row("lock reason in typographic quotes", "/lock prod “freeze”", runs(lock("prod", "freeze"))),
                row(
                        "lock reason white space collapsed",
                        "/lock prod   lots \t of   space  ",
                        runs(lock("prod", "lots of space"))),
                row("lock reason in another script", "/lock prod デプロイ凍結 🚀", runs(lock("prod", "デプロイ凍結 🚀"))),
                row("lock with empty quotes", "/lock prod \"\"", runs(new Lock(new EnvName("prod"), none()))),
                row("unlock", "/unlock production", runs(new Unlock(new EnvName("production")))),
                row("help", "/help", runs(new Help())),
                // white space and line endings
                row("three leading spaces", "   /deploy staging", runs(deploy("staging"))),
                row(
                        "tabs between words",
                        "/deploy\tstaging\t--dry-run",
                        runs(new Deploy(env("staging"), none(), true))),
                row("trailing white space", "/deploy staging  \t ", runs(deploy("staging"))),
                row(
                        "CRLF line endings",
                        "Thanks!\r\n/deploy staging\r\n/status staging\r\n",
                        runs(at(2, deploy("staging")), at(3, new Status(env("staging"))))),
                row("lone CR line endings", "hi\r/deploy staging\r", runs(at(2, deploy("staging")))),
                row(
                        "two commands in order",
                        "/deploy staging\n/promote staging",
                        runs(at(1, deploy("staging")), at(2, new Promote(env("staging"))))),
                row("command after prose", "LGTM\n\n/deploy staging", runs(at(3, deploy("staging")))),
                row("empty comment", "", ignored()),
                row("white space only", " \n\t\r\n ", ignored()),
                // what is not a command
                row("other bots' commands", "/lgtm\n/assign @me\n/approve\n/cc @org/team", ignored()),
                row(
                        "other bots' commands around one of ours",
                        "/lgtm\n/deploy staging\n/assign @me",
                        runs(at(2, deploy("staging")))),
                row("a word that only starts like a command", "/deployy staging", ignored()),
                row("a command word with punctuation", "/deploy, staging", ignored()),
                row("a command in the middle of a line", "please /deploy staging", ignored()),
                row("inline code", "`/deploy staging`", ignored()),
                row("a lone slash", "/ deploy staging", ignored()),
                row("a list item", "- /deploy staging", ignored()),
                row("fenced code", "```\n/deploy staging\n```", ignored()),
                row(
                        "fenced code with info string",
                        "```sh\n/deploy staging\n```\n/status",
                        runs(at(4, new Status(none())))),
                row("tilde fence", "~~~\n/deploy staging\n~~~", ignored()),
                row("unterminated fence", "text\n```\n/deploy staging\n/status", ignored()),
                row(
                        "shorter fence does not close a longer one",
                        "````\n```\n/deploy staging\n````\n/status",
                        runs(at(5, new Status(none())))),
                row(
                        "backticks do not close a tilde fence",
                        "~~~\n```\n/deploy a\n~~~\n/status",
                        runs(at(5, new Status(none())))),
                row("indented fence", "  ```\n/deploy staging\n  ```\n/status", runs(at(4, new Status(none())))),
                row("inline backticks are no fence", "```not a fence```\n/status", runs(at(2, new Status(none())))),
                row("quote", "> /deploy staging", ignored()),
                row("nested quote", "> > /deploy staging", ignored()),
                row("indented quote", "  >/deploy staging", ignored()),
                row("quoted paragraph continued without a blank line", "> as you said\n/deploy staging", ignored()),
                row(
                        "command after a quote and a blank line",
                        "> as you said\n\n/deploy staging",
                        runs(at(3, deploy("staging")))),
                row(
                        "command after an empty quote line",
                        "> as you said\n>\n/deploy staging",
                        runs(at(3, deploy("staging")))),
                row("HTML comment", "<!--\n/deploy production\n-->", ignored()),
                row("after a one-line HTML comment", "<!-- template -->\n/status", runs(at(2, new Status(none())))),
                row("indented code", "    /deploy staging", ignored()),
                row("tab-indented code", "\t/deploy staging", ignored()),
                // malformed commands: a reply with the problem, the rule and the usage
                row(
                        "trailing full stop",
                        "/deploy staging.",
                        replies(
                                "Line 1: `staging.` is not an environment name: it ends with U+002E FULL STOP.",
                                ENV_RULE,
                                DEPLOY_USAGE)),
                row(
                        "trailing comma",
                        "/deploy staging, please",
                        replies("`staging,` is not an environment name: it ends with U+002C COMMA", DEPLOY_USAGE)),
                row(
                        "capital letter in the name",
                        "/deploy Staging",
                        replies("it contains the upper-case letter 'S'", ENV_RULE)),
                row(
                        "two environments",
                        "/deploy staging production",
                        replies("`production` is one word too many for `/deploy`.", DEPLOY_USAGE)),
                row(
                        "unknown option",
                        "/deploy staging --force",
                        replies("`--force` is not an option of `/deploy`.", DEPLOY_USAGE)),
                row("single-dash option", "/deploy -f", replies("`-f` is not an option of `/deploy`.")),
                row(
                        "--sha without a value",
                        "/deploy staging --sha",
                        replies("`--sha` needs a commit sha after it", DEPLOY_USAGE)),
                row(
                        "--sha followed by an option",
                        "/deploy --sha --dry-run",
                        replies("`--sha` needs a commit sha after it")),
                row("--sha= without a value", "/deploy --sha=", replies("`--sha` needs a commit sha after it")),
                row(
                        "--sha not hexadecimal",
                        "/deploy --sha xyz1234 staging",
                        replies(
                                "`xyz1234` is not a commit sha: it contains 'x'.",
                                "A commit sha is 7 to 40 lowercase hexadecimal digits")),
                row("--sha in upper case", "/deploy --sha 4F9C2A7", replies("it contains the upper-case letter 'F'")),
                row("--sha too short", "/deploy --sha 4f9c2a", replies("it is 6 characters long")),
                row("--sha twice", "/deploy --sha 4f9c2a7 --sha 4f9c2a8", replies("`--sha` is given twice.")),
                row("--dry-run twice", "/deploy --dry-run --dry-run", replies("`--dry-run` is given twice.")),
                row(
                        "shell injection",
                        "/deploy staging; rm -rf /",
                        replies("`staging;` is not an environment name: it ends with U+003B SEMICOLON")),
                row(
                        "path traversal",
                        "/deploy ../../etc",
                        replies("`../../etc` is not an environment name: it contains U+002E FULL STOP")),
                row(
                        "command substitution",
                        "/deploy $(id)",
                        replies("`$(id)` is not an environment name: it contains U+0024 DOLLAR SIGN")),
                row(
                        "YAML-ish argument",
                        "/deploy staging: {x}",
                        replies("`staging:` is not an environment name: it ends with U+003A COLON")),
                row("too long a name", "/deploy " + "a".repeat(64), replies("it is 64 characters long", ENV_RULE)),
                row("name ending with a hyphen", "/deploy staging-", replies("it ends with '-'")),
                row(
                        "Cyrillic look-alike in the name",
                        "/deploy ѕtaging",
                        replies(
                                "`ѕtaging` is not an environment name: it contains U+0455 CYRILLIC SMALL LETTER DZE",
                                ENV_RULE)),
                row(
                        "fullwidth look-alike in the name",
                        "/status ｓtaging",
                        replies("U+FF53 FULLWIDTH LATIN SMALL LETTER S")),
                row(
                        "zero-width space in the name",
                        "/deploy stag\u200Bing",
                        replies("`stag<U+200B>ing` is not an environment name: it contains U+200B ZERO WIDTH SPACE")),
                row(
                        "zero-width non-joiner in the name",
                        "/deploy stag\u200Cing",
                        replies("U+200C ZERO WIDTH NON-JOINER")),
                row(
                        "zero-width joiner after the name",
                        "/deploy staging\u200D",
                        replies("it ends with U+200D ZERO WIDTH JOINER")),
                row("word joiner in the name", "/deploy stag\u2060ing", replies("U+2060 WORD JOINER")),
                row(
                        "byte-order mark before the name",
                        "/deploy \uFEFFstaging",
                        replies("U+FEFF ZERO WIDTH NO-BREAK SPACE")),
                row(
                        "bidi override in the name",
                        "/deploy \u202Egnigats",
                        replies("`<U+202E>gnigats`", "U+202E RIGHT-TO-LEFT OVERRIDE")),
                row("NUL in the name", "/deploy staging\u0000", replies("it ends with U+0000 NULL")),
                row("bell in the name", "/deploy staging\u0007", replies("it ends with U+0007 BEL.")),
                row(
                        "no-break space is no separator",
                        "/deploy staging\u00A0--dry-run",
                        replies("U+00A0 NO-BREAK SPACE")),
                row(
                        "line separator is no line break",
                        "/status staging\u2028/deploy production",
                        replies("U+2028 LINE SEPARATOR")),
                row(
                        "em dash for --",
                        "/deploy staging —dry-run",
                        replies("`—dry-run` is not an option of `/deploy`.", "typographic dash", "two ASCII hyphens")),
                row(
                        "link in the argument",
                        "/deploy [x](https://evil)",
                        replies("`[x](https://evil)` is not an environment name")),
                row("mention in the argument", "/deploy @org/team", replies("`@org/team` is not an environment name")),
                row("issue reference in the argument", "/status #123", replies("`#123` is not an environment name")),
                row(
                        "HTML in the argument",
                        "/deploy <img src=x onerror=alert(1)>",
                        replies("`<img` is not an environment name")),
                row(
                        "backticks in the argument",
                        "/deploy `staging`",
                        replies("`` `staging` `` is not an environment name")),
                row(
                        "lone word that looks like a sha",
                        "/rollback 4f9c2a7",
                        replies(
                                "`4f9c2a7` looks like a revision. Name the environment before it, as in `/rollback staging 4f9c2a7`.")),
                row(
                        "lone deployment id",
                        "/rollback d-4f9c2a7b1e03",
                        replies("`d-4f9c2a7b1e03` looks like a revision")),
                row(
                        "revision that is no revision",
                        "/rollback staging main",
                        replies(
                                "`main` is not a revision: it contains 'm'.",
                                "A revision is a GitOps commit sha",
                                "Usage: `/rollback [env] [<revision>]`")),
                row("short deployment id", "/rollback staging d-123", replies("it has 3 digits after 'd-'")),
                row(
                        "rollback with an extra word",
                        "/rollback staging 4f9c2a7 now",
                        replies("`now` is one word too many for `/rollback`.")),
                row("rollback option", "/rollback --to 4f9c2a7", replies("`--to` is not an option of `/rollback`.")),
                row(
                        "promote with an extra word",
                        "/promote staging now",
                        replies("`now` is one word too many for `/promote`.", "Usage: `/promote [env]`")),
                row("status option", "/status --verbose", replies("`--verbose` is not an option of `/status`.")),
                row(
                        "lock without environment",
                        "/lock",
                        replies("`/lock` needs an environment.", "Usage: `/lock <env> [reason]`")),
                row("lock option", "/lock --force prod", replies("`--force` is not an option of `/lock`.")),
                row(
                        "lock reason with a bidi control",
                        "/lock prod because\u202Eyes",
                        replies(
                                "The lock reason contains U+202E RIGHT-TO-LEFT OVERRIDE.",
                                "A lock reason is plain text")),
                row(
                        "lock reason with a zero-width joiner",
                        "/lock prod a\u200Db",
                        replies("The lock reason contains U+200D ZERO WIDTH JOINER.")),
                row(
                        "lock reason too long",
                        "/lock prod " + "x".repeat(201),
                        replies("The lock reason is 201 characters long.")),
                row(
                        "unlock without environment",
                        "/unlock",
                        replies("`/unlock` needs an environment.", "Usage: `/unlock <env>`")),
                row(
                        "unlock two environments",
                        "/unlock prod staging",
                        replies("`staging` is one word too many for `/unlock`.")),
                row("help with words", "/help me", replies("`me` is one word too many for `/help`.", "Usage: `/help`")),
                row(
                        "1,001-character command line",
                        "/deploy " + "a".repeat(993),
                        replies("The line is 1001 characters long; a command line may be at most 1000 characters.")),
                row(
                        "1,000-character command line is read",
                        "/deploy " + "a".repeat(992),
                        replies("it is 992 characters long", ENV_RULE)),
                row(
                        "100,000-character command line",
                        "/deploy " + "a".repeat(100_000),
                        replies("a command line may be at most 1000 characters")),
                // look-alikes and invisible characters in the command word: not a command
                row("Cyrillic e in the command word", "/dеploy staging", ignored()),
                row("Kelvin sign in the command word", "/loc\u212A prod", ignored()),
                row("long s in the command word", "/ſtatus", ignored()),
                row("zero-width space after the command word", "/deploy\u200B staging", ignored()),
                row("zero-width space before the slash", "\u200B/deploy staging", ignored()),
                row("byte-order mark before the slash", "\uFEFF/deploy staging", ignored()),
                row("no-break space after the command word", "/deploy\u00A0staging", ignored()),
                row("fullwidth slash", "／deploy staging", ignored()),
                // one bad command stops the comment; at most five commands
                row(
                        "valid and malformed together",
                        "/deploy staging\n/lock",
                        replies(
                                "pitapat ran nothing from this comment: the command on line 2 is malformed.",
                                "- Line 2: `/lock` needs an environment.")),
                row(
                        "two malformed lines",
                        "/deploy staging.\n/status\n/unlock",
                        replies("the commands on lines 1 and 3 are malformed.", "- Line 1:", "- Line 3:")),
                row("seven commands", "/status\n".repeat(7), new Runs(statuses(1, 5), List.of(6, 7))),
                row(
                        "100 commands",
                        "/status\n".repeat(100),
                        new Runs(
                                statuses(1, 5),
                                IntStream.rangeClosed(6, 100).boxed().toList())),
                row(
                        "malformed past the fifth is not read",
                        "/status\n".repeat(5) + "/deploy staging.",
                        new Runs(statuses(1, 5), List.of(6))),
                row(
                        "malformed within five and more not run",
                        "/deploy staging.\n" + "/status\n".repeat(6),
                        replies("the command on line 1 is malformed", "the 2 commands on lines 6 and 7 were not run")),
                row(
                        "other bots' commands do not count",
                        "/lgtm\n".repeat(10) + "/status\n".repeat(5),
                        new Runs(statuses(11, 15), List.of())),
                row("a very long line before a command", "x".repeat(100_000) + "\n/status", ignored()),
                row(
                        "a long line that is not a command",
                        "ok\n" + "y".repeat(60_000) + "\n/status",
                        runs(at(3, new Status(none())))),
                row("past GitHub's longest comment", "a".repeat(70_000) + "\n/deploy staging", ignored()),
                row("control characters around", "\u0001\u0002\n/status\n\u007F", runs(at(2, new Status(none())))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void readsComments(Row row) {
        ParseResult result = parser.parse(row.body());

        switch (row.expected()) {
            case Runs runs -> {
                assertThat(result).isInstanceOf(ParseResult.Commands.class);
                ParseResult.Commands commands = (ParseResult.Commands) result;
                assertThat(commands.commands()).isEqualTo(runs.commands());
                assertThat(commands.notRunLines()).isEqualTo(runs.notRun());
                assertThat(commands.notRunNote().isPresent())
                        .isEqualTo(!runs.notRun().isEmpty());
            }
            case Replies replies -> {
                assertThat(result).isInstanceOf(ParseResult.Reply.class);
                String markdown = ((ParseResult.Reply) result).markdown();
                assertThat(markdown).contains(replies.fragments());
                assertThat(markdown).contains("Usage: `/");
                RenderedMarkdown.of(markdown).assertInert();
                RenderedMarkdown.assertVisible(markdown);
            }
            case Ignores ignores -> assertThat(result).isEqualTo(new ParseResult.Ignored());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void readsTheSameWithCrlfLineEndings(Row row) {
        String crlf = row.body().replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n");

        assertThat(parser.parse(crlf)).isEqualTo(parser.parse(row.body()));
    }

    // ---- rows

    record Row(String name, String body, Expected expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    sealed interface Expected {}

    record Runs(List<ParsedCommand> commands, List<Integer> notRun) implements Expected {}

    record Replies(String... fragments) implements Expected {}

    record Ignores() implements Expected {}

    static Row row(String name, String body, Expected expected) {
        return new Row(name, body, expected);
    }

    static Runs runs(Command command) {
        return new Runs(List.of(at(1, command)), List.of());
    }

    static Runs runs(ParsedCommand... commands) {
        return new Runs(List.of(commands), List.of());
    }

    static Replies replies(String... fragments) {
        return new Replies(fragments);
    }

    static Ignores ignored() {
        return new Ignores();
    }

    static ParsedCommand at(int line, Command command) {
        return new ParsedCommand(line, command);
    }

    static List<ParsedCommand> statuses(int first, int last) {
        return IntStream.rangeClosed(first, last)
                .mapToObj(line -> at(line, new Status(none())))
                .toList();
    }

    static Deploy deploy(String env) {
        return new Deploy(env(env), none(), false);
    }

    static Lock lock(String env, String reason) {
        return new Lock(new EnvName(env), Optional.of(reason));
    }

    static Optional<EnvName> env(String name) {
        return Optional.of(new EnvName(name));
    }

    static Optional<Sha> sha(String sha) {
        return Optional.of(new Sha(sha));
    }

    static <T> Optional<T> none() {
        return Optional.empty();
    }
}
