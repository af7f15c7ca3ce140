package dev.pitapat.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretRedactorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            installation token    | GitHub said no to ghs_16C7e42F292c6912E7710c838347Ae178B4a today  | ghs_16C7e42F292c6912E7710c838347Ae178B4a
            personal token        | token ghp_abcdefghijklmnopqrstuvwxyz0123456789 rejected             | ghp_abcdefghijklmnopqrstuvwxyz0123456789
            fine-grained token    | github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz used      | github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz
            JWT                   | Authorization failed for eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjMifQ.c2lnbmF0dXJl | eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjMifQ.c2lnbmF0dXJl
            bearer header         | header was Bearer abc.def-ghi_jkl~mno                               | abc.def-ghi_jkl~mno
            URL with credentials  | cannot push to https://x-access-token:s3cr3t@github.com/acme/gitops.git | s3cr3t
            webhook signature     | got sha256=2fd4e1c67a2d28fced849ee1bb76e7391b93eb12c0ff3a8f8f1d9f0f6e5b7a3d | 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12c0ff3a8f8f1d9f0f6e5b7a3d
            """)
    void removesRecognisableCredentials(String kind, String text, String secret) {
        String redacted = SecretRedactor.redact(text);

        assertThat(redacted).doesNotContain(secret).contains("[redacted]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            PEM key       | -----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA\\n-----END RSA PRIVATE KEY-----
            """)
    void removesPrivateKeys(String kind, String pem) {
        String text = "bad key " + pem.replace("\\n", "\n") + " in settings";

        assertThat(SecretRedactor.redact(text))
                .doesNotContain("MIIEowIBAAKCAQEA")
                .startsWith("bad key [redacted]");
    }

    @org.junit.jupiter.api.Test
    void removesConfiguredSecretsAndKeepsOrdinaryText() {
        String text = "handler failed: secret It's a Secret to Everybody leaked; repo acme/hello at 6dcb09b";

        String redacted = SecretRedactor.redact(text, List.of("It's a Secret to Everybody"));

        assertThat(redacted).isEqualTo("handler failed: secret [redacted] leaked; repo acme/hello at 6dcb09b");
    }
}
