package dev.pitapat.webhook;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * What intake needs from a payload — its {@code action} and {@code repository.full_name} — read in one
 * streaming pass that also checks the whole body is one well-formed JSON object.
 */
record PayloadSummary(String action, String repo) {

    /** Thrown for a body that is not one well-formed JSON object. */
    static final class MalformedPayloadException extends Exception {
        MalformedPayloadException(String message) {
            super(message, null, false, false);
        }
    }

    static PayloadSummary read(ObjectMapper mapper, byte[] body) throws MalformedPayloadException {
        if (!isUtf8(body)) {
            throw new MalformedPayloadException("the body is not valid UTF-8, as JSON must be");
        }
        String action = "";
        String repo = "";
        try (JsonParser parser = mapper.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedPayloadException("the body is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("action") && value == JsonToken.VALUE_STRING) {
                    action = parser.getString();
                } else if (name.equals("repository") && value == JsonToken.START_OBJECT) {
                    repo = fullName(parser);
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new MalformedPayloadException("the body has content after its JSON object");
            }
            return new PayloadSummary(action, repo);
        } catch (JacksonException e) {
            throw new MalformedPayloadException("the body is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /**
     * Whether the body is well-formed UTF-8 throughout. The streaming pass skips the strings it does not need
     * without decoding them, so it would let through bytes that no handler could then read.
     */
    private static boolean isUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                return true;
            }
            out.clear();
        }
    }

    private static String fullName(JsonParser parser) {
        String fullName = "";
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("full_name") && value == JsonToken.VALUE_STRING) {
                fullName = parser.getString();
            } else {
                parser.skipChildren();
            }
        }
        return fullName;
    }
}
