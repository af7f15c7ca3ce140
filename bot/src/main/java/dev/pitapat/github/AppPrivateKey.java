package dev.pitapat.github;

import dev.pitapat.model.InvalidSettingException;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the App's private key from PEM text: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, as GitHub issues it)
 * or PKCS#8 ({@code BEGIN PRIVATE KEY}). Tolerates {@code \r\n}, surrounding whitespace or quotes, and
 * literal {@code \n} sequences as environment variables carry them. Problems are
 * {@link InvalidSettingException}s that never quote the key.
 */
final class AppPrivateKey {

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);

    /** DER of AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }. */
    private static final byte[] RSA_ALGORITHM = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    private static final int MIN_BITS = 2048;

    private AppPrivateKey() {}

    static RSAPrivateKey parse(String text, String property) {
        String pem = normalise(text);
        Matcher matcher = PEM.matcher(pem);
        if (!matcher.find()) {
            throw new InvalidSettingException(
                    property, "not PEM (expected -----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----)");
        }
        String type = matcher.group(1);
        if (!type.equals(matcher.group(3))) {
            throw new InvalidSettingException(property, "PEM BEGIN and END lines do not match");
        }
        String body = matcher.group(2);
        byte[] pkcs8 = switch (type) {
            case "RSA PRIVATE KEY" -> {
                if (body.contains("Proc-Type:")) { // RFC 1421 headers: only encrypted keys carry them
                    throw encrypted(property);
                }
                yield wrapPkcs1(decode(body, property));
            }
            case "PRIVATE KEY" -> decode(body, property);
            case "ENCRYPTED PRIVATE KEY" -> throw encrypted(property);
            case "EC PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY" ->
                throw new InvalidSettingException(property, "not an RSA key (" + type + ")");
            default -> throw new InvalidSettingException(property, "not a private key (PEM " + type + ")");
        };
        return rsaKey(pkcs8, property);
    }

    private static String normalise(String text) {
        String pem = text.strip();
        if (pem.length() >= 2
                && (pem.startsWith("\"") && pem.endsWith("\"") || pem.startsWith("'") && pem.endsWith("'"))) {
            pem = pem.substring(1, pem.length() - 1).strip();
        }
        return pem.replace("\\r", "").replace("\\n", "\n").replace("\r", "");
    }

    private static InvalidSettingException encrypted(String property) {
        return new InvalidSettingException(
                property, "encrypted keys are not supported (use the unencrypted key GitHub issued)");
    }

    private static byte[] decode(String body, String property) {
        try {
            return Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(property, "the PEM body is not valid base64");
        }
    }

    private static RSAPrivateKey rsaKey(byte[] pkcs8, String property) {
        if (!isRsa(pkcs8)) {
            throw new InvalidSettingException(property, "not an RSA key");
        }
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidSettingException(property, "malformed RSA private key");
        }
        RSAPrivateKey rsa = (RSAPrivateKey) key;
        if (rsa.getModulus().bitLength() < MIN_BITS) {
            throw new InvalidSettingException(property, "RSA key shorter than " + MIN_BITS + " bits");
        }
        return rsa;
    }

    /** A PKCS#8 PrivateKeyInfo starts SEQUENCE, INTEGER 0, then the algorithm; rsaEncryption must follow. */
    private static boolean isRsa(byte[] der) {
        int at = headerLength(der, 0);
        if (at < 0 || at + 3 > der.length || der[at] != 0x02 || der[at + 1] != 0x01 || der[at + 2] != 0x00) {
            return false;
        }
        int algorithm = at + 3;
        return der.length >= algorithm + RSA_ALGORITHM.length
                && Arrays.equals(
                        der, algorithm, algorithm + RSA_ALGORITHM.length, RSA_ALGORITHM, 0, RSA_ALGORITHM.length);
    }

    /** Length of the tag and length bytes of a DER SEQUENCE at {@code at}, or -1 when it is none. */
    private static int headerLength(byte[] der, int at) {
        if (der.length < at + 2 || der[at] != 0x30) {
            return -1;
        }
        int first = der[at + 1] & 0xff;
        return first < 0x80 ? at + 2 : at + 2 + (first & 0x7f);
    }

    /**
     * Wraps a PKCS#1 RSAPrivateKey into a PKCS#8 PrivateKeyInfo, which the JDK reads without help:
     * {@code SEQUENCE { INTEGER 0, rsaEncryption, OCTET STRING { pkcs1 } }}. A few bytes of DER instead of
     * adding BouncyCastle for one conversion.
     */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(new byte[] {0x02, 0x01, 0x00});
        content.writeBytes(RSA_ALGORITHM);
        content.writeBytes(tlv(0x04, pkcs1));
        return tlv(0x30, content.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
