package dev.pitapat.webhook;

/**
 * What {@link HostileDeliveries} builds its requests from: the fields handlers read, texts and numbers that
 * tempt a parser, commands, odd header values and byte sequences that are not UTF-8.
 */
final class HostileValues {

    /** Fields the handlers read, as JSON pointers. */
    static final String[] READ_BY_HANDLERS = {
        "/action",
        "/repository",
        "/repository/full_name",
        "/repository/default_branch",
        "/installation",
        "/installation/id",
        "/installation/account",
        "/installation/account/login",
        "/issue",
        "/issue/number",
        "/issue/pull_request",
        "/comment",
        "/comment/id",
        "/comment/body",
        "/comment/user",
        "/comment/user/login",
        "/comment/user/type",
        "/sender",
        "/sender/login",
        "/sender/type",
        "/number",
        "/pull_request",
        "/pull_request/head",
        "/pull_request/head/sha",
        "/ref",
        "/after",
        "/deleted",
        "/check_run",
        "/check_run/name",
        "/check_run/pull_requests",
        "/check_run/pull_requests/0",
        "/check_run/pull_requests/0/number",
        "/requested_action",
        "/requested_action/identifier",
        "/repositories_added",
        "/repositories_removed"
    };

    static final String[] TEXTS = {
        "",
        " ",
        StandInBot.STAND_IN_REPO,
        "Example/Hello",
        "a/b/c",
        "x_y/z",
        "-a/b",
        "./..",
        "/",
        "owner/",
        "refs/heads/main",
        "refs/heads/",
        "main",
        "deploy/staging",
        "deploy/",
        "deploy/pr-1",
        "deploy/Production",
        "promote",
        "rollback",
        "abort",
        "Bot",
        "User",
        "created",
        "closed",
        "edited",
        "requested_action",
        "1",
        "-1",
        "0x10",
        "1e3",
        "true",
        "null",
        "alice",
        "bob",
        "pitapat[bot]",
        "0123456789abcdef0123456789abcdef01234567",
        "0000000000000000000000000000000000000000",
        "é",
        "\u0000",
        "\uD800",
        "\uDC00x\uD800",
        "\u202Estaging",
        "\uD835\uDD18",
        "a\r\nb",
        "${jndi:ldap://127.0.0.1/x}",
        "<script>alert(1)</script>",
        "a".repeat(101)
    };

    static final String[] COMMANDS = {
        "/deploy staging",
        "/deploy",
        "/deploy production",
        "/deploy staging --dry-run",
        "/deploy staging --sha 0123456",
        "/deploy pr-1",
        "/status",
        "/status staging",
        "/history staging",
        "/help",
        "/lock staging fuzzing",
        "/unlock staging",
        "/rollback staging",
        "/promote staging",
        "/abort staging",
        "/deploy staging\n/status\n/help",
        "/lock " + "a".repeat(70),
        "/deploy \uD800",
        "just a comment"
    };

    static final String[] EVENTS = {
        "",
        "Issue_Comment",
        "ISSUE_COMMENT",
        "issue comment",
        " push",
        "push ",
        "push,issue_comment",
        "ping",
        "star",
        "pull_request_review",
        "projects_v2_item",
        "a".repeat(64),
        "a".repeat(65),
        "9push",
        "-"
    };

    static final String[] DELIVERY_IDS = {
        "", "a".repeat(100), "a".repeat(101), "a b", "../../etc/passwd", "<x>", "{}", "%00", "id\tid"
    };

    static final String[] CONTENT_TYPES = {
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=utf-16",
        "application/json; charset=ISO-8859-1",
        "application/json;charset=\"utf-8\"",
        "application/json; charset=nonsense",
        "",
        "*/*",
        ";;;",
        "application/json; " + "x=y; ".repeat(200)
    };

    /** Invalid UTF-8: overlong forms, encoded surrogates, bytes that never occur, a sequence cut short. */
    static final byte[][] INVALID_UTF8 = {
        {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
        {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
        {(byte) 0xFF},
        {(byte) 0xFE, (byte) 0xFF},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xE2, (byte) 0x82},
        {(byte) 0x80},
        {(byte) 0xC3}
    };

    /** Valid JSON text that decodes to invalid UTF-16: lone surrogates. */
    static final String[] ESCAPED_SURROGATES = {"\\ud800", "\\udc00", "\\udfff\\ud800", "x\\uD834"};

    private HostileValues() {}
}
