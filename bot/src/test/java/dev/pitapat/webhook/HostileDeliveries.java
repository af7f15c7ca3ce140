package dev.pitapat.webhook;

import static dev.pitapat.webhook.HostileValues.CONTENT_TYPES;
import static dev.pitapat.webhook.HostileValues.DELIVERY_IDS;
import static dev.pitapat.webhook.HostileValues.ESCAPED_SURROGATES;
import static dev.pitapat.webhook.HostileValues.EVENTS;
import static dev.pitapat.webhook.HostileValues.INVALID_UTF8;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pitapat.testing.OctokitExamples;
import dev.pitapat.testing.WebhookClient;
import dev.pitapat.webhook.RawHttp.Framing;
import dev.pitapat.webhook.RawHttp.Header;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile webhook requests from one seeded {@link Random}: random bytes; GitHub's own example payloads with
 * bytes flipped, cut or repeated, or with fields deleted, duplicated or swapped for values of another type;
 * deliveries aimed at the local stand-in's repository so that handlers run to the end; odd, missing, duplicate
 * and huge headers; false framing; deep nesting; huge strings and names; invalid UTF-8. Each is signed
 * correctly, signed wrongly or not at all, and says what intake must make of it.
 */
final class HostileDeliveries {

    /** The events pitapat has handlers for. */
    static final Set<String> ROUTED =
            Set.of("issue_comment", "pull_request", "push", "check_run", "installation", "installation_repositories");

    static final int LARGE = 256 * 1024;
    private static final int MIB = 1024 * 1024;

    private static final Pattern EVENT = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern DELIVERY = Pattern.compile("[A-Za-z0-9-]{1,100}");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What intake must answer. */
    enum Expect {
        /** 2xx: signed, well-formed, with good headers. */
        ACCEPTED,
        /** 4xx: not signed with the secret. */
        REFUSED,
        /** Anything below 500. */
        ANY
    }

    /**
     * One request: a label to reproduce it by, its headers, body and framing, what intake must answer, and
     * whether its event has a handler (so that, accepted, it waits in the queue).
     */
    record Hostile(String label, List<Header> headers, byte[] body, Framing framing, Expect expect, boolean routed) {

        /** The first {@code X-GitHub-Delivery} sent, as intake reads it; empty when there is none. */
        String deliveryId() {
            return first("X-GitHub-Delivery");
        }

        String first(String name) {
            return headers.stream()
                    .filter(h -> h.name().equalsIgnoreCase(name))
                    .map(Header::text)
                    .findFirst()
                    .orElse("");
        }

        boolean large() {
            return routed && body.length > LARGE;
        }

        /**
         * Refused before it is read whole: headers past Tomcat's 8 KiB limit ({@code 400}) or a body past
         * GitHub's cap ({@code 413}). The server answers and closes while the client may still be sending, and
         * the client's TCP stack may then drop the answer for the reset that follows (RFC 9112 section 9.6), so
         * a closed connection is a fair answer to these and to no others.
         */
        boolean refusedUnread() {
            int headerBytes = headers.stream()
                    .mapToInt(h -> h.name().length() + h.text().length() + 4)
                    .sum();
            return headerBytes > 8 * 1024 || body.length > WebhookIntake.MAX_BODY_BYTES;
        }

        /** Sendable by {@code java.net.http}: plain framing and plain ASCII headers it does not reserve. */
        boolean plain() {
            return framing == Framing.LENGTH
                    && headers.stream()
                            .allMatch(h -> !h.name().equalsIgnoreCase("Expect")
                                    && !h.text().isEmpty()
                                    && h.text().chars().allMatch(c -> c >= 0x21 && c < 0x7F || c == ' ')
                                    && h.text().charAt(0) != ' '
                                    && h.text().charAt(h.text().length() - 1) != ' ');
        }
    }

    private record Example(String event, ObjectNode payload, byte[] bytes) {}

    private enum Signing {
        CORRECT,
        NONE,
        OTHER_SECRET,
        MALFORMED
    }

    private final Random random;
    private final PayloadMutator mutator;
    private final String secret;
    private final List<Example> all = new ArrayList<>();
    private final List<Example> routed = new ArrayList<>();
    private final Deque<String> recentIds = new ArrayDeque<>();

    HostileDeliveries(Random random, String secret) {
        this.random = random;
        this.mutator = new PayloadMutator(random);
        this.secret = secret;
        for (JsonNode event : OctokitExamples.index()) {
            for (JsonNode payload : event.path("examples")) {
                Example example = new Example(
                        event.path("name").asString(), (ObjectNode) payload, MAPPER.writeValueAsBytes(payload));
                all.add(example);
                if (ROUTED.contains(example.event())) {
                    routed.add(example);
                }
            }
        }
    }

    Hostile next() {
        int roll = random.nextInt(100);
        if (roll < 8) {
            return randomBytes();
        }
        if (roll < 24) {
            return byteMutated();
        }
        if (roll < 44) {
            return treeMutated(false);
        }
        if (roll < 62) {
            return treeMutated(true);
        }
        if (roll < 72) {
            return oddHeaders();
        }
        if (roll < 79) {
            return oddFraming();
        }
        if (roll < 85) {
            return deepNesting();
        }
        if (roll < 88) {
            return huge();
        }
        return invalidUtf8();
    }

    private Hostile randomBytes() {
        int length = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(4);
            case 1 -> random.nextInt(64);
            case 2 -> random.nextInt(8192);
            default -> random.nextInt(LARGE);
        };
        byte[] body = new byte[length];
        if (random.nextBoolean()) {
            random.nextBytes(body);
        } else {
            byte[] alphabet = "{}[]\":,0123456789.-+eE truefalsenull\\u\n".getBytes(ISO_8859_1);
            for (int i = 0; i < length; i++) {
                body[i] = alphabet[random.nextInt(alphabet.length)];
            }
        }
        return delivery("random bytes (" + length + ")", pickEvent(pick(all)), body, null);
    }

    private Hostile byteMutated() {
        Example example = pick(all);
        byte[] body = example.bytes().clone();
        StringBuilder what = new StringBuilder("bytes of " + example.event() + ":");
        int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits && body.length > 0; e++) {
            int at = random.nextInt(body.length);
            switch (random.nextInt(7)) {
                case 0 -> {
                    body[at] ^= (byte) (1 << random.nextInt(8));
                    what.append(" flip@").append(at);
                }
                case 1 -> {
                    body[at] = (byte) random.nextInt(256);
                    what.append(" set@").append(at);
                }
                case 2 -> {
                    body = concat(
                            slice(body, 0, at), randomBytes(1 + random.nextInt(16)), slice(body, at, body.length));
                    what.append(" insert@").append(at);
                }
                case 3 -> {
                    int end = Math.min(body.length, at + 1 + random.nextInt(64));
                    body = concat(slice(body, 0, at), slice(body, end, body.length));
                    what.append(" delete@").append(at);
                }
                case 4 -> {
                    body = slice(body, 0, at);
                    what.append(" cut@").append(at);
                }
                case 5 -> {
                    int end = Math.min(body.length, at + 1 + random.nextInt(256));
                    body = concat(slice(body, 0, end), slice(body, at, body.length));
                    what.append(" repeat@").append(at);
                }
                default -> {
                    byte[] open = {(byte) "{[\"".charAt(random.nextInt(3))};
                    body = concat(slice(body, 0, at), open, slice(body, at, body.length));
                    what.append(" open@").append(at);
                }
            }
        }
        return delivery(what.toString(), pickEvent(example), body, null);
    }

    /**
     * A real example with fields deleted or swapped for values of another type; aimed at the stand-in's
     * repository and pull request, with a command as the comment, so that handlers run to the end.
     */
    private Hostile treeMutated(boolean standIn) {
        Example example = standIn || random.nextInt(4) != 0 ? pickRouted() : pick(all);
        ObjectNode payload = example.payload().deepCopy();
        StringBuilder what = new StringBuilder(example.event() + (standIn ? " at the stand-in:" : ":"));
        if (standIn) {
            mutator.aimAtStandIn(payload);
        }
        int mutations = random.nextInt(standIn ? 3 : 6);
        for (int m = 0; m < mutations; m++) {
            what.append(' ')
                    .append(random.nextBoolean() ? mutator.mutateReadField(payload) : mutator.mutateAnyNode(payload));
        }
        byte[] body = MAPPER.writeValueAsBytes(payload);
        if (random.nextInt(8) == 0) {
            String field = random.nextBoolean() ? "action" : "repository";
            body = insertAfterBrace(
                    body,
                    ("\"" + field + "\":" + MAPPER.writeValueAsString(mutator.randomValue()) + ",").getBytes(UTF_8));
            what.append(" duplicate ").append(field);
        }
        return delivery(what.toString(), pickEvent(example), body, true);
    }

    private Hostile oddHeaders() {
        Example example = pick(random.nextBoolean() ? routed : all);
        byte[] body = example.bytes();
        String event = example.event();
        String id = UUID.randomUUID().toString();
        List<Header> headers = new ArrayList<>(standardHeaders(event, id, body, Signing.CORRECT));
        StringBuilder what = new StringBuilder(example.event() + " with");
        int oddities = 1 + random.nextInt(3);
        for (int o = 0; o < oddities; o++) {
            switch (random.nextInt(11)) {
                case 0 -> {
                    String name = pick(new String[] {
                        "X-GitHub-Event", "X-GitHub-Delivery", "X-Hub-Signature-256", "Content-Type", "User-Agent"
                    });
                    headers.removeIf(h -> h.name().equalsIgnoreCase(name));
                    what.append(" no ").append(name);
                }
                case 1 -> {
                    String other = pick(EVENTS);
                    headers.add(random.nextBoolean() ? 0 : headers.size(), new Header("X-GitHub-Event", other));
                    what.append(" two events (").append(shown(other)).append(')');
                }
                case 2 -> {
                    String other = random.nextBoolean() ? UUID.randomUUID().toString() : pick(DELIVERY_IDS);
                    headers.add(random.nextBoolean() ? 0 : headers.size(), new Header("X-GitHub-Delivery", other));
                    what.append(" two delivery ids");
                }
                case 3 -> {
                    Header wrong = new Header("X-Hub-Signature-256", WebhookClient.sign("not-the-secret", body));
                    headers.add(random.nextBoolean() ? 0 : headers.size(), wrong);
                    what.append(" two signatures");
                }
                case 4 -> {
                    String name = pick(new String[] {
                        "X-GitHub-Event", "X-GitHub-Delivery", "X-Hub-Signature-256", "User-Agent", "X-Padding"
                    });
                    int size = pick(new Integer[] {4 * 1024, 7 * 1024, 9 * 1024, 64 * 1024, 1024 * 1024});
                    headers.removeIf(h -> h.name().equalsIgnoreCase(name));
                    headers.add(new Header(name, "a".repeat(size)));
                    what.append(" huge ").append(name).append(" (").append(size).append(')');
                }
                case 5 -> {
                    headers.removeIf(h -> h.name().equalsIgnoreCase("X-GitHub-Event"));
                    String odd = pick(EVENTS);
                    headers.add(new Header("X-GitHub-Event", odd));
                    what.append(" event ").append(shown(odd));
                }
                case 6 -> {
                    headers.removeIf(h -> h.name().equalsIgnoreCase("X-GitHub-Delivery"));
                    String odd = pick(DELIVERY_IDS);
                    headers.add(new Header("X-GitHub-Delivery", odd));
                    what.append(" delivery ").append(shown(odd));
                }
                case 7 -> {
                    headers.removeIf(h -> h.name().equalsIgnoreCase("Content-Type"));
                    String type = pick(CONTENT_TYPES);
                    headers.add(new Header("Content-Type", type));
                    what.append(" content type ").append(shown(type));
                }
                case 8 -> {
                    String name = pick(new String[] {"X-GitHub-Event", "X-GitHub-Delivery", "X-Hub-Signature-256"});
                    headers.removeIf(h -> h.name().equalsIgnoreCase(name));
                    byte[] value = concat("push".getBytes(ISO_8859_1), pick(INVALID_UTF8));
                    headers.add(new Header(name, value));
                    what.append(" invalid UTF-8 in ").append(name);
                }
                case 9 -> {
                    headers.add(new Header("Expect", "100-continue"));
                    what.append(" Expect: 100-continue");
                }
                default -> {
                    headers.add(new Header(
                            pick(new String[] {"Content-Encoding", "Accept-Charset", "X-GitHub-Hook-ID"}),
                            pick(new String[] {"gzip", "utf-16", "1", "\u00e9\u00e9"})));
                    what.append(" an extra header");
                }
            }
        }
        return new Hostile(
                what.toString(),
                headers,
                body,
                Framing.LENGTH,
                expect(headers, body, null),
                ROUTED.contains(firstEvent(headers)));
    }

    private Hostile oddFraming() {
        Example example = pick(routed);
        Framing framing = pick(Framing.values());
        Hostile plain = delivery(example.event() + " framed " + framing, example.event(), example.bytes(), true);
        Expect expect =
                framing == Framing.LENGTH || framing == Framing.CHUNKED ? plain.expect() : anyUnlessUnsigned(plain);
        return new Hostile(plain.label(), plain.headers(), plain.body(), framing, expect, plain.routed());
    }

    private Hostile deepNesting() {
        int depth = pick(new Integer[] {100_000, 100_000, 10_000, 1000, 501, 495, 1 + random.nextInt(495)});
        byte[] nest =
                concat("[".repeat(depth).getBytes(ISO_8859_1), "]".repeat(depth).getBytes(ISO_8859_1));
        return switch (random.nextInt(3)) {
            case 0 -> delivery("nested arrays, depth " + depth, pickEvent(pick(routed)), nest, false);
            case 1 -> {
                byte[] objects = ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(ISO_8859_1);
                yield delivery("nested objects, depth " + depth, pickEvent(pick(routed)), objects, depth <= 495);
            }
            default -> {
                Example example = pick(routed);
                byte[] body = insertAfterBrace(
                        example.bytes(), concat("\"deep\":".getBytes(ISO_8859_1), nest, ",".getBytes(ISO_8859_1)));
                yield delivery(
                        example.event() + " with arrays nested " + depth + " deep", example.event(), body, depth < 495);
            }
        };
    }

    private Hostile huge() {
        Example example = pick(routed);
        switch (random.nextInt(4)) {
            case 0, 1 -> {
                int size = pick(new Integer[] {MIB, 8 * MIB, 20 * MIB, 25 * MIB, 26 * MIB});
                ObjectNode payload = example.payload().deepCopy();
                String field = payload.has("comment") && random.nextBoolean() ? "body" : "padding";
                ObjectNode holder = field.equals("body") ? (ObjectNode) payload.get("comment") : payload;
                holder.put(field, "x".repeat(size));
                byte[] body = MAPPER.writeValueAsBytes(payload);
                return delivery(
                        example.event() + " with a " + size + "-character string",
                        example.event(),
                        body,
                        body.length <= WebhookIntake.MAX_BODY_BYTES ? true : null);
            }
            case 2 -> {
                byte[] name =
                        ("\"" + "n".repeat(pick(new Integer[] {49_000, 60_000, MIB})) + "\":1,").getBytes(ISO_8859_1);
                return delivery(
                        example.event() + " with a property name of " + (name.length - 5),
                        example.event(),
                        insertAfterBrace(example.bytes(), name),
                        null);
            }
            default -> {
                byte[] number =
                        ("\"n\":" + "9".repeat(pick(new Integer[] {999, 1001, 100_000})) + ",").getBytes(ISO_8859_1);
                return delivery(
                        example.event() + " with a number of " + (number.length - 5) + " digits",
                        example.event(),
                        insertAfterBrace(example.bytes(), number),
                        null);
            }
        }
    }

    private Hostile invalidUtf8() {
        Example example = pick(random.nextBoolean() ? routed : all);
        byte[] bytes = example.bytes();
        int at = indexAfter(bytes, "\"body\":\"".getBytes(ISO_8859_1));
        boolean inBody = at >= 0 && random.nextInt(3) != 0;
        if (!inBody) {
            at = randomQuote(bytes) + 1;
        }
        if (random.nextInt(3) == 0) {
            String escaped = pick(ESCAPED_SURROGATES);
            byte[] body = concat(slice(bytes, 0, at), escaped.getBytes(ISO_8859_1), slice(bytes, at, bytes.length));
            return delivery(
                    example.event() + " with " + escaped + "@" + at, example.event(), body, inBody ? true : null);
        }
        byte[] bad = pick(INVALID_UTF8);
        byte[] body = concat(slice(bytes, 0, at), bad, slice(bytes, at, bytes.length));
        return delivery(
                example.event() + " with invalid UTF-8 " + HexFormat.of().formatHex(bad) + "@" + at,
                example.event(),
                body,
                false);
    }

    /** A delivery with the usual headers for its event; {@code wellFormed} says whether the body is a JSON object. */
    private Hostile delivery(String what, String event, byte[] body, Boolean wellFormed) {
        Signing signing = pickSigning();
        String id = pickDeliveryId();
        List<Header> headers = standardHeaders(event, id, body, signing);
        return new Hostile(
                signing + ", " + what,
                headers,
                body,
                Framing.LENGTH,
                expect(headers, body, wellFormed),
                ROUTED.contains(event));
    }

    private List<Header> standardHeaders(String event, String id, byte[] body, Signing signing) {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("Content-Type", "application/json"));
        headers.add(new Header("User-Agent", "GitHub-Hookshot/fuzz"));
        headers.add(new Header("X-GitHub-Event", event));
        headers.add(new Header("X-GitHub-Delivery", id));
        switch (signing) {
            case CORRECT -> headers.add(new Header("X-Hub-Signature-256", WebhookClient.sign(secret, body)));
            case NONE -> {}
            case OTHER_SECRET -> headers.add(new Header("X-Hub-Signature-256", WebhookClient.sign("other", body)));
            case MALFORMED -> {
                String good = WebhookClient.sign(secret, body);
                headers.add(new Header("X-Hub-Signature-256", pick(new String[] {
                    good.toUpperCase(java.util.Locale.ROOT),
                    "sha1=" + good.substring(7, 47),
                    good.substring(0, 40),
                    good + "00",
                    "sha256=" + "g".repeat(64),
                    "sha256=",
                    "=",
                    good.replace("sha256=", "sha512=")
                })));
            }
        }
        return headers;
    }

    private Expect expect(List<Header> headers, byte[] body, Boolean wellFormed) {
        String signature = headers.stream()
                .filter(h -> h.name().equalsIgnoreCase("X-Hub-Signature-256"))
                .map(Header::text)
                .findFirst()
                .orElse("");
        if (!signature.equals(WebhookClient.sign(secret, body))) {
            return Expect.REFUSED;
        }
        boolean standard = headers.stream().allMatch(h -> h.value().length < 4096);
        String event = firstEvent(headers);
        String id = headers.stream()
                .filter(h -> h.name().equalsIgnoreCase("X-GitHub-Delivery"))
                .map(Header::text)
                .findFirst()
                .orElse("");
        if (Boolean.TRUE.equals(wellFormed)
                && standard
                && EVENT.matcher(event).matches()
                && DELIVERY.matcher(id).matches()) {
            return Expect.ACCEPTED;
        }
        return Expect.ANY;
    }

    private static Expect anyUnlessUnsigned(Hostile hostile) {
        return hostile.expect() == Expect.REFUSED ? Expect.REFUSED : Expect.ANY;
    }

    private static String firstEvent(List<Header> headers) {
        return headers.stream()
                .filter(h -> h.name().equalsIgnoreCase("X-GitHub-Event"))
                .map(Header::text)
                .findFirst()
                .orElse("");
    }

    private Signing pickSigning() {
        int roll = random.nextInt(100);
        return roll < 70
                ? Signing.CORRECT
                : roll < 82 ? Signing.NONE : roll < 90 ? Signing.OTHER_SECRET : Signing.MALFORMED;
    }

    private String pickEvent(Example example) {
        int roll = random.nextInt(20);
        return roll < 16 ? example.event() : roll < 18 ? pick(ROUTED.toArray(String[]::new)) : pick(EVENTS);
    }

    private String pickDeliveryId() {
        if (!recentIds.isEmpty() && random.nextInt(30) == 0) {
            return pick(recentIds.toArray(String[]::new));
        }
        String id = UUID.randomUUID().toString();
        recentIds.addFirst(id);
        if (recentIds.size() > 50) {
            recentIds.removeLast();
        }
        return id;
    }

    private int randomQuote(byte[] bytes) {
        for (int tries = 0; tries < 100; tries++) {
            int at = random.nextInt(bytes.length);
            if (bytes[at] == '"') {
                return at;
            }
        }
        return 0;
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    /** An example of a routed event, each event as likely as the next whatever its number of examples. */
    private Example pickRouted() {
        String event = pick(ROUTED.stream().sorted().toList());
        return pick(routed.stream().filter(e -> e.event().equals(event)).toList());
    }

    private <T> T pick(T[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static String shown(String value) {
        return PayloadMutator.shown(NODES.stringNode(value));
    }

    private static byte[] insertAfterBrace(byte[] json, byte[] inserted) {
        return concat(slice(json, 0, 1), inserted, slice(json, 1, json.length));
    }

    private static int indexAfter(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i + pattern.length;
        }
        return -1;
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
