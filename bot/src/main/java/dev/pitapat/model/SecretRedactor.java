package dev.pitapat.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes credentials from text that may reach a log line, a comment, a check run or an {@code /api}
 * answer: GitHub tokens of every kind, JSON Web Tokens, PEM private keys, HTTP authorization values and
 * URL user-info.
 */
public final class SecretRedactor {

    private static final String REDACTED = "[redacted]";

    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile(
                    "-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)", Pattern.DOTALL),
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9_]{16,}"),
            Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{20,}"),
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"),
            Pattern.compile("(?i)\\b(bearer|token|basic)\\s+[A-Za-z0-9._~+/=-]{8,}"),
            Pattern.compile("(?i)(?<=://)[^/\\s:@]+(:[^/\\s@]*)?@"),
            Pattern.compile("(?i)(sha256=)[0-9a-f]{64}"));

    private SecretRedactor() {}

    /** The text with every recognisable credential replaced by {@code [redacted]}. */
    public static String redact(String text) {
        String result = text;
        for (Pattern pattern : PATTERNS) {
            result = pattern.matcher(result).replaceAll(REDACTED);
        }
        return result;
    }

    /** The text without the given secret values and without any recognisable credential. */
    public static String redact(String text, List<String> secrets) {
        String result = text;
        for (String secret : secrets) {
            if (secret.length() >= 4) {
                result = result.replace(secret, REDACTED);
            }
        }
        return redact(result);
    }
}
