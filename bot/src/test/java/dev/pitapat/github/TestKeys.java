package dev.pitapat.github;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** RSA keys generated once per test run, written as PEM the ways GitHub and OpenSSL write them. */
final class TestKeys {

    static final KeyPair RSA = generate("RSA", 2048);

    private TestKeys() {}

    static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code -----BEGIN PRIVATE KEY-----}: the JDK's own encoding. */
    static String pkcs8Pem(KeyPair keys) {
        return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    /** {@code -----BEGIN RSA PRIVATE KEY-----}, as GitHub issues App keys. */
    static String pkcs1Pem(KeyPair keys) {
        return pem("RSA PRIVATE KEY", pkcs1(keys.getPrivate().getEncoded()));
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /**
     * The PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: skip SEQUENCE header, version and
     * algorithm identifier, then take the OCTET STRING's content.
     */
    static byte[] pkcs1(byte[] pkcs8) {
        int at = afterHeader(pkcs8, 0); // outer SEQUENCE
        at = afterHeader(pkcs8, at) + 1; // INTEGER 0
        at = afterHeader(pkcs8, at) + (pkcs8[at + 1] & 0xff); // AlgorithmIdentifier (short length)
        if (pkcs8[at] != 0x04) {
            throw new IllegalStateException("no OCTET STRING in PKCS#8");
        }
        return Arrays.copyOfRange(pkcs8, afterHeader(pkcs8, at), pkcs8.length);
    }

    private static int afterHeader(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        return first < 0x80 ? at + 2 : at + 2 + (first & 0x7f);
    }
}
