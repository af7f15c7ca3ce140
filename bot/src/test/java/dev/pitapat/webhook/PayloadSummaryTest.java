package dev.pitapat.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Intake's own pass over a payload against Jackson, the parser the handlers read it with: the same verdict
 * (well-formed JSON object in UTF-8 or not) and the same action and repository, on every real example payload
 * compact and indented, on tens of thousands of byte-level breakages of them, and on the edge cases of RFC 8259.
 */
class PayloadSummaryTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final byte[] ALPHABET = {
        '{',
        '}',
        '[',
        ']',
        '"',
        ':',
        ',',
        '\\',
        '/',
        '0',
        '1',
        '9',
        '-',
        '+',
        '.',
        'e',
        'E',
        'u',
        'a',
        't',
        'n',
        'f',
        ' ',
        '\n',
        '\t',
        0x00,
        0x1F,
        0x7F,
        (byte) 0x80,
        (byte) 0xBF,
        (byte) 0xC0,
        (byte) 0xC3,
        (byte) 0xE2,
        (byte) 0xED,
        (byte) 0xF0,
        (byte) 0xF4,
        (byte) 0xF8,
        (byte) 0xFF
    };

    /** The verdict: "ok action repo", or "malformed". */
    private static String ours(byte[] body) {
        try {
            PayloadSummary summary = PayloadSummary.read(body);
            return "ok " + summary.action() + " " + summary.repo();
        } catch (PayloadSummary.MalformedPayloadException e) {
            return "malformed";
        }
    }

    /** The same asked of Jackson (and of the JDK's UTF-8 decoder, as Jackson skips strings undecoded). */
    private static String jacksons(byte[] body) {
        if (!utf8(body)) {
            return "malformed";
        }
        String action = "";
        String repo = "";
        try (JsonParser parser = MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return "malformed";
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("action") && value == JsonToken.VALUE_STRING) {
                    action = parser.getString();
                } else if (name.equals("repository") && value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                        String inner = parser.currentName();
                        JsonToken innerValue = parser.nextToken();
                        if (inner.equals("full_name") && innerValue == JsonToken.VALUE_STRING) {
                            repo = parser.getString();
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            return parser.nextToken() != null ? "malformed" : "ok " + action + " " + repo;
        } catch (JacksonException e) {
            return "malformed";
        }
    }

    private static boolean utf8(byte[] body) {
        try {
            UTF_8.newDecoder().decode(ByteBuffer.wrap(body)); // reports malformed input
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static void agree(byte[] body) {
        assertThat(ours(body)).as("%s", shown(body)).isEqualTo(jacksons(body));
    }

    private static String shown(byte[] body) {
        return body.length <= 300
                ? new String(body, UTF_8) + " / " + HexFormat.of().formatHex(body)
                : body.length + " bytes";
    }

    private static List<byte[]> realPayloads() {
        List<byte[]> payloads = new ArrayList<>();
        for (GitHubExamplesIntakeTest.Example example : GitHubExamplesIntakeTest.examples()) {
            payloads.add(MAPPER.writeValueAsBytes(example.payload()));
            payloads.add(MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(example.payload()));
        }
        return payloads;
    }

    @Test
    void readsEveryRealPayloadAsJacksonDoes() {
        List<byte[]> payloads = realPayloads();
        for (byte[] payload : payloads) {
            agree(payload);
        }
        assertThat(payloads).hasSize(2 * GitHubExamplesIntakeTest.EXAMPLES);
        assertThat(ours(payloads.getFirst())).startsWith("ok ");
    }

    @Test
    void judgesBrokenPayloadsAsJacksonDoes() {
        Random random = new Random(20261203);
        int malformed = 0;
        int cases = 0;
        for (byte[] payload : realPayloads()) {
            for (int n = 0; n < 40; n++) {
                byte[] broken = payload;
                for (int m = 1 + random.nextInt(3); m > 0; m--) {
                    broken = mutate(broken, random);
                }
                agree(broken);
                cases++;
                if (ours(broken).equals("malformed")) {
                    malformed++;
                }
            }
        }
        assertThat(cases).isGreaterThan(25_000);
        assertThat(malformed).as("most breakages break the payload").isGreaterThan(cases / 2);
    }

    private static byte[] mutate(byte[] body, Random random) {
        if (body.length == 0) {
            return new byte[] {ALPHABET[random.nextInt(ALPHABET.length)]};
        }
        int at = random.nextInt(body.length);
        byte b = ALPHABET[random.nextInt(ALPHABET.length)];
        return switch (random.nextInt(5)) {
            case 0 -> { // replace
                byte[] out = body.clone();
                out[at] = b;
                yield out;
            }
            case 1 -> { // delete
                byte[] out = new byte[body.length - 1];
                System.arraycopy(body, 0, out, 0, at);
                System.arraycopy(body, at + 1, out, at, body.length - at - 1);
                yield out;
            }
            case 2 -> { // insert
                byte[] out = new byte[body.length + 1];
                System.arraycopy(body, 0, out, 0, at);
                out[at] = b;
                System.arraycopy(body, at, out, at + 1, body.length - at);
                yield out;
            }
            case 3 -> java.util.Arrays.copyOf(body, at); // cut short
            default -> { // a byte near a quote or a backslash, where strings and escapes break
                int quote = indexNear(body, at, random.nextBoolean() ? '"' : '\\');
                byte[] out = body.clone();
                out[quote] = b;
                yield out;
            }
        };
    }

    private static int indexNear(byte[] body, int from, char c) {
        for (int k = from; k < body.length; k++) {
            if (body[k] == c) {
                return Math.min(body.length - 1, k + 1);
            }
        }
        return from;
    }

    @Test
    void agreesWithJacksonOnTheEdgesOfJson() {
        String[] bodies = {
            "",
            " ",
            "{}",
            " {} ",
            "{}\n",
            "{} {}",
            "{} x",
            "[1,2]",
            "null",
            "\"x\"",
            "1",
            "{",
            "}",
            "{]",
            "{\"action\":\"created\"}",
            "{\"action\": \"created\" , \"repository\" : {\"full_name\":\"a/b\"}}",
            "{\"action\":1}",
            "{\"action\":\"a\",\"action\":\"b\"}",
            "{\"action\":\"a\",\"action\":null}",
            "{\"\\u0061ction\":\"x\\ty\\u00e9\\ud83d\\ude00\"}",
            "{\"action\":\"\\ud800\"}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12\"}",
            "{\"a\":\"\\u12g4\"}",
            "{\"a\":\"tab\there\"}",
            "{\"a\":\"nul\u0000\"}",
            "{\"repository\":{\"full_name\":\"o/r\",\"owner\":{\"full_name\":\"not/this\"}}}",
            "{\"repository\":{\"full_name\":1}}",
            "{\"repository\":[{\"full_name\":\"x/y\"}]}",
            "{\"x\":{\"repository\":{\"full_name\":\"x/y\"}}}",
            "{\"full_name\":\"top/level\"}",
            "{\"a\":0}",
            "{\"a\":-0}",
            "{\"a\":01}",
            "{\"a\":-}",
            "{\"a\":1.}",
            "{\"a\":.5}",
            "{\"a\":1.5e}",
            "{\"a\":1.5e+3}",
            "{\"a\":1E-3}",
            "{\"a\":+1}",
            "{\"a\":1x}",
            "{\"a\":NaN}",
            "{\"a\":Infinity}",
            "{\"a\":tru}",
            "{\"a\":truex}",
            "{\"a\":true}",
            "{\"a\":false,\"b\":null}",
            "{\"a\":[]}",
            "{\"a\":[1,]}",
            "{\"a\":[,1]}",
            "{\"a\":1,}",
            "{,}",
            "{\"a\"}",
            "{\"a\" 1}",
            "{'a':1}",
            "{a:1}",
            "{\"a\":1/*c*/}",
            "{\"a\":1}//",
            "\u00ef\u00bb\u00bf{}",
            "{\"a\":\"\u00e9\"}",
            "{\"a\":1}\u0000",
            "{\"a\":1}\u000b",
            "\u000b{}",
            "{\"a\"\u000b:1}",
            "{\"a\":\"\u2028\"}"
        };
        for (String body : bodies) {
            agree(body.getBytes(UTF_8));
        }
        for (String escapes : new String[] {
            "\\ud800",
            "\\udfff",
            "\\ud800\\udc00",
            "\\ud800x",
            "\\udfff\\ud800",
            "\\ud800\\ud800",
            "a\\ud800",
            "\\ud800\\u0041",
            "\\udc00",
            "\\ud83d\\ude00\\ud83d",
            "\\ud800\\n",
            "\\uDBFF\\uDFFF"
        }) {
            agree(("{\"" + escapes + "\":1}").getBytes(UTF_8)); // Jackson holds names to surrogate pairs
            agree(("{\"a\":\"" + escapes + "\"}").getBytes(UTF_8)); // and values not
            agree(("{\"repository\":{\"" + escapes + "\":1}}").getBytes(UTF_8));
        }
        agree(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'});
        agree(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'});
        agree(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});
        agree(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'});
        agree(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}'});
        agree(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, '"', '}'});
        agree(new byte[] {'{', '}', (byte) 0xFF});
        agree(("{\"a\":" + "1".repeat(1000) + "}").getBytes(UTF_8));
        agree(("{\"a\":" + "1".repeat(1001) + "}").getBytes(UTF_8));
        agree(("{\"a\":1." + "1".repeat(998) + "}").getBytes(UTF_8));
        agree(("{\"a\":1." + "1".repeat(999) + "}").getBytes(UTF_8));
        agree(("{\"a\":-" + "1".repeat(1000) + "}").getBytes(UTF_8));
        agree(("{\"a\":-" + "1".repeat(1001) + "}").getBytes(UTF_8));
        for (int length : new int[] {49_999, 50_000, 50_001, 60_000, 1 << 20}) { // Jackson counts a name's bytes
            agree(("{\"" + "n".repeat(length) + "\":1}").getBytes(UTF_8));
            agree(("{\"" + "\u00e9".repeat(length / 2) + "\":1}").getBytes(UTF_8));
            agree(("{\"x\":{\"" + "\\u00e9".repeat(length / 2) + "\":1}}").getBytes(UTF_8));
        }
        agree(("{\"a\":1." + "1".repeat(1000) + "}").getBytes(UTF_8));
        agree(("{\"a\":1e" + "1".repeat(999) + "}").getBytes(UTF_8));
        agree(("{\"a\":1.5e-" + "1".repeat(998) + "}").getBytes(UTF_8));
        agree(("{\"a\":1.5e-" + "1".repeat(999) + "}").getBytes(UTF_8));
    }

    @Test
    void holdsBodiesToTheParsersNestingLimit() {
        int limit = MAPPER.tokenStreamFactory().streamReadConstraints().getMaxNestingDepth();
        for (int depth : new int[] {limit - 1, limit, limit + 1}) {
            String arrays = "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
            String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            agree(arrays.getBytes(UTF_8));
            agree(objects.getBytes(UTF_8));
        }
        assertThatThrownBy(() -> PayloadSummary.read(
                        ("{\"a\":".repeat(limit + 1) + "1" + "}".repeat(limit + 1)).getBytes(UTF_8)))
                .hasMessageContaining("nesting deeper than " + limit);
    }

    @Test
    void saysWhatIsWrongAndWhere() {
        assertThatThrownBy(() -> PayloadSummary.read("{\"a\":01}".getBytes(UTF_8)))
                .hasMessage("the body is not valid JSON (a number with a leading zero at byte 7)");
        assertThatThrownBy(() -> PayloadSummary.read("[1]".getBytes(UTF_8)))
                .hasMessage("the body is not a JSON object");
        assertThatThrownBy(() -> PayloadSummary.read("{} {}".getBytes(UTF_8)))
                .hasMessage("the body has content after its JSON object");
        assertThatThrownBy(() -> PayloadSummary.read(new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'}))
                .hasMessage("the body is not valid UTF-8, as JSON must be");
    }
}
