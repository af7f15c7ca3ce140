package dev.pitapat.model;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook secret of the local stand-in for GitHub (first run, no GitHub App): made at random when the
 * bot starts, held only in memory, never shown. The stand-in signs its deliveries with it and the intake,
 * while no webhook secret is configured, takes deliveries signed with it and nothing else.
 */
public final class StandInSecret {

    private final String value;

    private StandInSecret(String value) {
        this.value = value;
    }

    public static StandInSecret random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new StandInSecret(HexFormat.of().formatHex(bytes));
    }

    /** The secret itself, for the intake's signature check. */
    public String value() {
        return value;
    }

    /** {@code X-Hub-Signature-256} of the body under this secret, as GitHub would send it. */
    public String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(value.getBytes(UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "StandInSecret[hidden]";
    }
}
