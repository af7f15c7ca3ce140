package dev.pitapat.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.model.InvalidSettingException;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AppPrivateKeyTest {

    private static final String PROPERTY = "pitapat.github.private-key";
    private static final KeyPair KEYS = TestKeys.RSA;

    static Stream<Arguments> acceptedForms() {
        String pkcs1 = TestKeys.pkcs1Pem(KEYS);
        String pkcs8 = TestKeys.pkcs8Pem(KEYS);
        return Stream.of(
                Arguments.of("PKCS#1 as GitHub issues it", pkcs1),
                Arguments.of("PKCS#8", pkcs8),
                Arguments.of("PKCS#1 with CRLF", pkcs1.replace("\n", "\r\n")),
                Arguments.of("PKCS#8 with CRLF", pkcs8.replace("\n", "\r\n")),
                Arguments.of("surrounding whitespace", "\n\n  " + pkcs1 + "  \n\t"),
                Arguments.of("literal \\n from an environment variable", pkcs1.replace("\n", "\\n")),
                Arguments.of("literal \\r\\n", pkcs8.replace("\n", "\\r\\n")),
                Arguments.of("quoted", "\"" + pkcs1.replace("\n", "\\n") + "\""),
                Arguments.of("one line with spaces", pkcs8.replace("\n", " ")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedForms")
    void readsTheKeyItWasGiven(String form, String pem) {
        RSAPrivateKey key = AppPrivateKey.parse(pem, PROPERTY);

        assertThat(key.getEncoded()).isEqualTo(KEYS.getPrivate().getEncoded());
    }

    @Test
    void wrapsPkcs1IntoTheJdksOwnPkcs8Encoding() {
        byte[] pkcs8 = KEYS.getPrivate().getEncoded();

        assertThat(AppPrivateKey.wrapPkcs1(TestKeys.pkcs1(pkcs8))).isEqualTo(pkcs8);
    }

    static Stream<Arguments> refusedKeys() {
        String pkcs1 = TestKeys.pkcs1Pem(KEYS);
        String body = pkcs1.substring(pkcs1.indexOf('\n') + 1, pkcs1.indexOf("-----END"));
        KeyPair ec = TestKeys.generate("EC", 256);
        byte[] pkcs1Der = TestKeys.pkcs1(KEYS.getPrivate().getEncoded());
        byte[] truncated = java.util.Arrays.copyOf(pkcs1Der, pkcs1Der.length / 2);
        return Stream.of(
                Arguments.of("not PEM at all", "just some text " + body, "not PEM"),
                Arguments.of("base64 without armour", body, "not PEM"),
                Arguments.of(
                        "encrypted PKCS#8",
                        TestKeys.pem("ENCRYPTED PRIVATE KEY", KEYS.getPrivate().getEncoded()),
                        "encrypted keys are not supported"),
                Arguments.of(
                        "encrypted PKCS#1",
                        pkcs1.replace(
                                "-----\n", "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\n"),
                        "encrypted keys are not supported"),
                Arguments.of(
                        "EC key, SEC1",
                        TestKeys.pem("EC PRIVATE KEY", ec.getPrivate().getEncoded()),
                        "not an RSA key"),
                Arguments.of("EC key, PKCS#8", TestKeys.pkcs8Pem(ec), "not an RSA key"),
                Arguments.of(
                        "public key",
                        TestKeys.pem("PUBLIC KEY", KEYS.getPublic().getEncoded()),
                        "not a private key"),
                Arguments.of(
                        "mismatched armour", pkcs1.replace("END RSA PRIVATE KEY", "END PRIVATE KEY"), "do not match"),
                Arguments.of("truncated key", TestKeys.pem("RSA PRIVATE KEY", truncated), "malformed RSA private key"),
                Arguments.of("invalid base64", pkcs1.replace(body.substring(10, 14), "@@@="), "not valid base64"),
                Arguments.of(
                        "1024-bit key",
                        TestKeys.pkcs1Pem(TestKeys.generate("RSA", 1024)),
                        "RSA key shorter than 2048 bits"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedKeys")
    void refusesWithThePropertyAndProblemButNoKeyMaterial(String form, String pem, String problem) {
        assertThatThrownBy(() -> AppPrivateKey.parse(pem, PROPERTY))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.property()).isEqualTo(PROPERTY);
                    assertThat(e.problem()).contains(problem);
                    assertThat(e.getMessage()).startsWith(PROPERTY + ": ").doesNotContain("\n");
                    assertNoKeyMaterial(e.getMessage(), pem);
                    assertThat(e.getCause()).isNull();
                });
    }

    /** No 12-character run of the PEM's base64 appears in the message. */
    static void assertNoKeyMaterial(String message, String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----|\\s|Proc-Type:.*|DEK-Info:.*", "");
        for (int i = 0; i + 12 <= base64.length(); i += 6) {
            assertThat(message).doesNotContain(base64.substring(i, i + 12));
        }
        assertThat(message)
                .doesNotContain(Base64.getEncoder()
                        .encodeToString(KEYS.getPrivate().getEncoded())
                        .substring(40, 60));
    }
}
