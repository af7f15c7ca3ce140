package dev.pitapat.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import tools.jackson.core.StreamReadConstraints;

/**
 * What intake needs from a payload — its {@code action} and {@code repository.full_name} — read in one pass
 * over the bytes that also checks the whole body is one well-formed JSON object (RFC 8259) in well-formed
 * UTF-8, within the same nesting, number and property-name limits as the JSON parser the handlers read it with.
 *
 * <p>Written for intake rather than done by Jackson's streaming parser: that one tokenizes and canonicalizes
 * every property name of a 14 KB payload, which cost a third of the webhook's CPU (bench/intake); this pass
 * only looks at each byte once and decodes nothing but the two strings it keeps. {@code PayloadSummaryTest}
 * holds it to Jackson's verdict on every real payload and on thousands of broken ones.
 */
record PayloadSummary(String action, String repo) {

    /** Thrown for a body that is not one well-formed JSON object. */
    static final class MalformedPayloadException extends Exception {
        MalformedPayloadException(String message) {
            super(message, null, false, false);
        }
    }

    static PayloadSummary read(byte[] body) throws MalformedPayloadException {
        return read(body, StreamReadConstraints.defaults());
    }

    static PayloadSummary read(byte[] body, StreamReadConstraints limits) throws MalformedPayloadException {
        return new Scan(body, limits).summary();
    }

    /** One pass over one body. */
    private static final class Scan {

        /** Bytes a string holds as they are: printable ASCII but the quote and the backslash. */
        private static final boolean[] PLAIN = new boolean[256];

        static {
            for (int c = 0x20; c < 0x80; c++) {
                PLAIN[c] = c != '"' && c != '\\';
            }
        }

        private static final byte[] ACTION = "action".getBytes(UTF_8);
        private static final byte[] REPOSITORY = "repository".getBytes(UTF_8);
        private static final byte[] FULL_NAME = "full_name".getBytes(UTF_8);

        private final byte[] b;
        private final int maxDepth;
        private final int maxNumber;
        private final int maxName;
        private int i;
        private String action = "";
        private String repo = "";

        Scan(byte[] body, StreamReadConstraints limits) {
            this.b = body;
            this.maxDepth = limits.getMaxNestingDepth();
            this.maxNumber = limits.getMaxNumberLength();
            this.maxName = limits.getMaxNameLength();
        }

        PayloadSummary summary() throws MalformedPayloadException {
            if (b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) {
                i = 3; // a byte order mark
            }
            skipSpace();
            if (i >= b.length || b[i] != '{') {
                if (!utf8Throughout()) {
                    throw new MalformedPayloadException("the body is not valid UTF-8, as JSON must be");
                }
                throw new MalformedPayloadException("the body is not a JSON object");
            }
            object(1, Where.TOP);
            skipSpace();
            if (i < b.length) {
                throw new MalformedPayloadException("the body has content after its JSON object");
            }
            return new PayloadSummary(action, repo);
        }

        /** Which object is being read: the payload, its repository, or any other. */
        private enum Where {
            TOP,
            REPOSITORY,
            OTHER
        }

        private void object(int depth, Where where) throws MalformedPayloadException {
            if (opensEmpty(depth, '}')) {
                return;
            }
            while (true) {
                if (peek() != '"') {
                    throw invalid("expected a property name");
                }
                int nameStart = i + 1;
                boolean escaped = string(true);
                int nameEnd = i - 1;
                int nameBytes = escaped ? unescape(nameStart, nameEnd).getBytes(UTF_8).length : nameEnd - nameStart;
                if (nameBytes > maxName) {
                    throw invalid("a property name longer than " + maxName + " bytes");
                }
                skipSpace();
                if (peek() != ':') {
                    throw invalid("expected ':'");
                }
                i++;
                skipSpace();
                if (where == Where.TOP && is(ACTION, nameStart, nameEnd, escaped) && peek() == '"') {
                    action = stringValue();
                } else if (where == Where.TOP && is(REPOSITORY, nameStart, nameEnd, escaped) && peek() == '{') {
                    object(depth + 1, Where.REPOSITORY);
                } else if (where == Where.REPOSITORY && is(FULL_NAME, nameStart, nameEnd, escaped) && peek() == '"') {
                    repo = stringValue();
                } else {
                    value(depth);
                }
                if (!continues('}')) {
                    return;
                }
            }
        }

        private void array(int depth) throws MalformedPayloadException {
            if (opensEmpty(depth, ']')) {
                return;
            }
            do {
                value(depth);
            } while (continues(']'));
        }

        /**
         * Steps into the object or array starting at {@code i} (at {@code depth}, within the parser's nesting
         * limit); whether it is empty, then stepped over whole.
         */
        private boolean opensEmpty(int depth, char close) throws MalformedPayloadException {
            if (depth > maxDepth) {
                throw invalid("nesting deeper than " + maxDepth);
            }
            i++; // '{' or '['
            skipSpace();
            if (peek() == close) {
                i++;
                return true;
            }
            return false;
        }

        /** After a member: whether a ',' (stepped over) says another follows, or {@code close} ends it. */
        private boolean continues(char close) throws MalformedPayloadException {
            skipSpace();
            int next = peek();
            if (next == close) {
                i++;
                return false;
            }
            if (next != ',') {
                throw invalid("expected ',' or '" + close + "'");
            }
            i++;
            skipSpace();
            return true;
        }

        /** Any value, the one starting at {@code i}; {@code depth} is that of the container holding it. */
        private void value(int depth) throws MalformedPayloadException {
            switch (peek()) {
                case '{' -> object(depth + 1, Where.OTHER);
                case '[' -> array(depth + 1);
                case '"' -> string(false);
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> number();
            }
        }

        private void literal(String word) throws MalformedPayloadException {
            for (int k = 0; k < word.length(); k++) {
                if (i >= b.length || b[i] != word.charAt(k)) {
                    throw invalid("unexpected text");
                }
                i++;
            }
            endOfToken();
        }

        /**
         * {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}, followed by a delimiter, with at most
         * the parser's number length in digits (signs, point and exponent mark not counted, as Jackson counts).
         */
        private void number() throws MalformedPayloadException {
            if (peek() == '-') {
                i++;
            }
            int first = peek();
            if (first < '0' || first > '9') {
                throw invalid("unexpected character");
            }
            int digits = digits();
            if (first == '0' && digits > 1) {
                throw invalid("a number with a leading zero");
            }
            if (peek() == '.') {
                i++;
                int fraction = digits();
                if (fraction == 0) {
                    throw invalid("a number without digits after its '.'");
                }
                digits += fraction;
            }
            if (peek() == 'e' || peek() == 'E') {
                i++;
                if (peek() == '+' || peek() == '-') {
                    i++;
                }
                int exponent = digits();
                if (exponent == 0) {
                    throw invalid("a number without digits in its exponent");
                }
                digits += exponent;
            }
            if (digits > maxNumber) {
                throw invalid("a number longer than " + maxNumber + " digits");
            }
            endOfToken();
        }

        private int digits() {
            int start = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            return i - start;
        }

        /** A value must be followed by whitespace, a delimiter or the end. */
        private void endOfToken() throws MalformedPayloadException {
            if (i < b.length) {
                int c = b[i];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',' && c != '}' && c != ']') {
                    throw invalid("unexpected character after a value");
                }
            }
        }

        /**
         * Passes the string starting at {@code i} (its quote) and the closing quote; checks its escapes and
         * its UTF-8, and in a property name, as Jackson does there, that each escaped surrogate is one of a
         * pair. Returns whether it holds an escape.
         */
        private boolean string(boolean name) throws MalformedPayloadException {
            byte[] b = this.b;
            int n = b.length;
            int k = i + 1;
            boolean escaped = false;
            boolean highSurrogate = false; // an escaped high surrogate whose low one must follow at once
            while (true) {
                while (k < n && PLAIN[b[k] & 0xFF]) { // the common case, kept tight: printable ASCII
                    k++;
                }
                if (k >= n) {
                    i = k;
                    throw invalid("a string that does not end");
                }
                int c = b[k];
                i = k;
                if (highSurrogate && c != '\\') {
                    throw invalid("a broken surrogate pair in a property name");
                }
                if (c == '"') {
                    i = k + 1;
                    return escaped;
                }
                if (c == '\\') {
                    escaped = true;
                    int code = escape();
                    if (name) {
                        boolean high = code >= 0xD800 && code <= 0xDBFF;
                        boolean low = code >= 0xDC00 && code <= 0xDFFF;
                        if (highSurrogate != low) {
                            throw invalid("a broken surrogate pair in a property name");
                        }
                        highSurrogate = high;
                    }
                } else if (c >= 0) {
                    throw invalid("a control character in a string");
                } else {
                    utf8Sequence();
                }
                k = i;
            }
        }

        /** Passes one escape; returns the code of a {@code \\u} escape, else -1. */
        private int escape() throws MalformedPayloadException {
            i++;
            if (i >= b.length) {
                throw invalid("a string that does not end");
            }
            switch (b[i]) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                    i++;
                    return -1;
                }
                case 'u' -> {
                    i++;
                    int code = 0;
                    for (int k = 0; k < 4; k++, i++) {
                        int digit = i < b.length ? Character.digit(b[i], 16) : -1;
                        if (digit < 0) {
                            throw invalid("a \\u escape without four hex digits");
                        }
                        code = code * 16 + digit;
                    }
                    return code;
                }
                default -> throw invalid("an unknown escape in a string");
            }
        }

        /** One multi-byte UTF-8 character at {@code i}: no overlong form, no surrogate, at most U+10FFFF. */
        private void utf8Sequence() throws MalformedPayloadException {
            int lead = b[i] & 0xFF;
            int length;
            int min;
            int code;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
                min = 0x80;
                code = lead & 0x1F;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                min = 0x800;
                code = lead & 0x0F;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                min = 0x10000;
                code = lead & 0x07;
            } else {
                throw notUtf8();
            }
            if (i + length > b.length) {
                throw notUtf8();
            }
            for (int k = 1; k < length; k++) {
                int next = b[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    throw notUtf8();
                }
                code = (code << 6) | (next & 0x3F);
            }
            if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
                throw notUtf8();
            }
            i += length;
        }

        /** The string value at {@code i}, decoded. */
        private String stringValue() throws MalformedPayloadException {
            int start = i + 1;
            boolean escaped = string(false);
            int end = i - 1;
            return escaped ? unescape(start, end) : new String(b, start, end - start, UTF_8);
        }

        /** Whether the property name between {@code start} and {@code end} is {@code name}. */
        private boolean is(byte[] name, int start, int end, boolean escaped) {
            if (escaped) {
                return unescape(start, end).equals(new String(name, UTF_8));
            }
            if (end - start != name.length) {
                return false;
            }
            for (int k = 0; k < name.length; k++) {
                if (b[start + k] != name[k]) {
                    return false;
                }
            }
            return true;
        }

        /** Decodes a string already checked by {@link #string(boolean)}. */
        private String unescape(int start, int end) {
            StringBuilder out = new StringBuilder(end - start);
            ByteArrayOutputStream run = new ByteArrayOutputStream();
            int k = start;
            while (k < end) {
                if (b[k] != '\\') {
                    run.write(b[k++]);
                    continue;
                }
                out.append(run.toString(UTF_8));
                run.reset();
                char e = (char) b[k + 1];
                k += 2;
                switch (e) {
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(new String(b, k, 4, UTF_8), 16));
                        k += 4;
                    }
                    default -> out.append(e); // '"', '\\', '/'
                }
            }
            return out.append(run.toString(UTF_8)).toString();
        }

        private int peek() {
            return i < b.length ? b[i] : -1;
        }

        private void skipSpace() {
            byte[] b = this.b;
            int k = i;
            while (k < b.length) {
                byte c = b[k];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    break;
                }
                k++;
            }
            i = k;
        }

        /** Not JSON: said as "the body is not valid JSON (what, at byte n)", or as not UTF-8 when it is not. */
        private MalformedPayloadException invalid(String what) {
            if (!utf8Throughout()) {
                return notUtf8();
            }
            String at = i < b.length ? " at byte " + i : " at its end";
            return new MalformedPayloadException("the body is not valid JSON (" + what + at + ")");
        }

        private static MalformedPayloadException notUtf8() {
            return new MalformedPayloadException("the body is not valid UTF-8, as JSON must be");
        }

        /** Whether the whole body is well-formed UTF-8 (asked only once it is known not to be JSON). */
        private boolean utf8Throughout() {
            CharsetDecoder decoder = UTF_8.newDecoder(); // reports malformed input
            ByteBuffer in = ByteBuffer.wrap(b);
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
    }
}
