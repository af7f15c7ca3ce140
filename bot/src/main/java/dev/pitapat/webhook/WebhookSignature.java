package dev.pitapat.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Hub-Signature-256}: the HMAC-SHA256 of the raw body under any of the configured secrets,
 * compared in constant time.
 */
final class WebhookSignature {

    private static final String PREFIX = "sha256=";
    private static final int HEX_LENGTH = 64;

    private final List<Mac> prototypes;

    WebhookSignature(List<String> secrets) {
        this.prototypes = secrets.stream().map(WebhookSignature::mac).toList();
    }

    boolean configured() {
        return !prototypes.isEmpty();
    }

    /** Whether the header is a well-formed signature of the body under one of the secrets. */
    boolean verifies(String header, byte[] body) {
        if (header == null || header.length() != PREFIX.length() + HEX_LENGTH || !header.startsWith(PREFIX)) {
            return false;
        }
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(header, PREFIX.length(), header.length());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        boolean matched = false;
        for (Mac prototype : prototypes) {
            matched |= MessageDigest.isEqual(expected, copy(prototype).doFinal(body));
        }
        return matched;
    }

    /** The header GitHub would send for this body under this secret. */
    static String sign(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(secret).doFinal(body));
    }

    private static Mac copy(Mac prototype) {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 of this JDK cannot be cloned", e);
        }
    }

    private static Mac mac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}
