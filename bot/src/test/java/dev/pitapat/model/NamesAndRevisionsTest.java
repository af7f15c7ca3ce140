package dev.pitapat.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesAndRevisionsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "0",
                "staging",
                "pr-42",
                "eu-west-1",
                "a-b-c",
                "9lives",
                "abcdefghijklmnopqrstuvwxyz0123456789-abcdefghijklmnopqrstuvwxyz"
            })
    void acceptsDns1123Labels(String name) {
        assertThat(EnvName.parse(name)).isEqualTo(new Checked.Valid<>(new EnvName(name)));
        assertThat(AppName.parse(name)).isEqualTo(new Checked.Valid<>(new AppName(name)));
        assertThat(new EnvName(name)).hasToString(name);
    }

    static Stream<Arguments> notLabels() {
        return Stream.of(
                Arguments.of("", "it is empty"),
                Arguments.of("Staging", "it contains the upper-case letter 'S'"),
                Arguments.of("stagingX", "it ends with the upper-case letter 'X'"),
                Arguments.of("staging.", "it ends with U+002E FULL STOP"),
                Arguments.of("staging,", "it ends with U+002C COMMA"),
                Arguments.of("../../etc", "it contains U+002E FULL STOP"),
                Arguments.of("$(id)", "it contains U+0024 DOLLAR SIGN"),
                Arguments.of("staging;", "it ends with U+003B SEMICOLON"),
                Arguments.of("st_aging", "it contains U+005F LOW LINE"),
                Arguments.of("st aging", "it contains U+0020 SPACE"),
                Arguments.of("-staging", "it starts with '-'"),
                Arguments.of("staging-", "it ends with '-'"),
                Arguments.of("x".repeat(64), "it is 64 characters long"),
                Arguments.of("ѕtaging", "it contains U+0455 CYRILLIC SMALL LETTER DZE"),
                Arguments.of("stаging", "it contains U+0430 CYRILLIC SMALL LETTER A"),
                Arguments.of("ｓtaging", "it contains U+FF53 FULLWIDTH LATIN SMALL LETTER S"),
                Arguments.of("stag\u200Bing", "it contains U+200B ZERO WIDTH SPACE"),
                Arguments.of("stag\u200Cing", "it contains U+200C ZERO WIDTH NON-JOINER"),
                Arguments.of("stag\u200Ding", "it contains U+200D ZERO WIDTH JOINER"),
                Arguments.of("stag\u2060ing", "it contains U+2060 WORD JOINER"),
                Arguments.of("\uFEFFstaging", "it contains U+FEFF ZERO WIDTH NO-BREAK SPACE"),
                Arguments.of("\u202Egnigats", "it contains U+202E RIGHT-TO-LEFT OVERRIDE"),
                Arguments.of("stag\u0000ing", "it contains U+0000 NULL"),
                Arguments.of("stag\uD800", "it ends with U+D800 HIGH SURROGATES D800"),
                Arguments.of("\u212Aube", "it contains U+212A KELVIN SIGN"),
                Arguments.of("ſtaging", "it contains U+017F LATIN SMALL LETTER LONG S"),
                Arguments.of("staging\n", "it ends with U+000A LINE FEED (LF)"));
    }

    @ParameterizedTest
    @MethodSource("notLabels")
    void refusesAnythingElseNamingTheProblemAndTheRule(String name, String problem) {
        assertThat(EnvName.parse(name)).isEqualTo(new Checked.Invalid<EnvName>(problem, EnvName.RULE));
        assertThat(AppName.parse(name)).isEqualTo(new Checked.Invalid<AppName>(problem, AppName.RULE));
        assertThatThrownBy(() -> new EnvName(name))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage(problem + "; " + EnvName.RULE);
        assertThatThrownBy(() -> EnvName.parse(name).orElseThrow())
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.rule()).isEqualTo(EnvName.RULE);
                });
        assertThat(EnvName.parse(name).toOptional()).isEmpty();
    }

    @Test
    void quotesTheRuleOfDns1123Labels() {
        assertThat(EnvName.RULE)
                .isEqualTo("environment names are DNS-1123 labels: lowercase letters, digits and '-', starting and"
                        + " ending with a letter or digit, at most 63 characters");
    }

    @Test
    void limitsAppAndEnvironmentTogetherTo63Characters() {
        AppName app = new AppName("a".repeat(30));

        Target fits = Target.of(app, new EnvName("e".repeat(32))).orElseThrow();

        assertThat(fits.label()).hasSize(63).isEqualTo("a".repeat(30) + "-" + "e".repeat(32));
        assertThat(Target.of(app, new EnvName("e".repeat(33))))
                .isEqualTo(new Checked.Invalid<Target>("together they are 64 characters long", Target.RULE));
        assertThatThrownBy(() -> new Target(app, new EnvName("e".repeat(33))))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(Target.RULE);
        assertThat(new Target(new AppName("hello"), new EnvName("staging"))).hasToString("hello/staging");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4f9c2a7", "0123456789abcdef", "4f9c2a7b1e03d5f6a7b8c9d0e1f2a3b4c5d6e7f8"})
    void acceptsCommitShas(String sha) {
        assertThat(Sha.parse(sha).orElseThrow().value()).isEqualTo(sha);
        assertThat(new Sha(sha).isFull()).isEqualTo(sha.length() == 40);
    }

    static Stream<Arguments> notShas() {
        return Stream.of(
                Arguments.of("4f9c2a", "it is 6 characters long"),
                Arguments.of("4f9c2a7b1e03d5f6a7b8c9d0e1f2a3b4c5d6e7f80", "it is 41 characters long"),
                Arguments.of("4F9C2A7", "it contains the upper-case letter 'F'"),
                Arguments.of("xyz1234", "it contains 'x'"),
                Arguments.of("4f9c2a7;", "it ends with U+003B SEMICOLON"),
                Arguments.of("4f9c\u200B2a7", "it contains U+200B ZERO WIDTH SPACE"),
                Arguments.of("４f9c2a7", "it contains U+FF14 FULLWIDTH DIGIT FOUR"),
                Arguments.of("", "it is empty"));
    }

    @ParameterizedTest
    @MethodSource("notShas")
    void refusesWhatIsNoCommitSha(String text, String problem) {
        assertThat(Sha.parse(text)).isEqualTo(new Checked.Invalid<Sha>(problem, Sha.RULE));
        assertThatThrownBy(() -> new Sha(text)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void readsRevisionsAsCommitsOrDeployments() {
        assertThat(Revision.parse("4f9c2a7").orElseThrow()).isEqualTo(new Revision.Commit(new Sha("4f9c2a7")));
        assertThat(Revision.parse("d-4f9c2a7b1e03").orElseThrow())
                .isEqualTo(new Revision.Deployment(new DeploymentId("d-4f9c2a7b1e03")));
        assertThat(Revision.parse("d-4f9c2a7b1e03").orElseThrow().text()).isEqualTo("d-4f9c2a7b1e03");
        assertThat(Revision.parse("4f9c2a7").orElseThrow().text()).isEqualTo("4f9c2a7");
    }

    static Stream<Arguments> notRevisions() {
        return Stream.of(
                Arguments.of("d-123", "it has 3 digits after 'd-'"),
                Arguments.of("d-", "it has no digits after 'd-'"),
                Arguments.of("d-4f9c2a7b1e03a", "it has 13 digits after 'd-'"),
                Arguments.of("d-4F9C2A7B1E03", "it contains the upper-case letter 'F'"),
                Arguments.of("d-4f9c2a7b1e0g", "it ends with 'g'"),
                Arguments.of("HEAD~1", "it contains the upper-case letter 'H'"),
                Arguments.of("main", "it contains 'm'"),
                Arguments.of("4f9c", "it is 4 characters long"));
    }

    @ParameterizedTest
    @MethodSource("notRevisions")
    void refusesWhatIsNoRevisionQuotingTheRevisionRule(String text, String problem) {
        assertThat(Revision.parse(text)).isEqualTo(new Checked.Invalid<Revision>(problem, Revision.RULE));
    }

    @Test
    void drawsDeploymentIdsInTheDocumentedFormat() {
        Random random = new Random(7);
        Pattern format = Pattern.compile("d-[0-9a-f]{12}");
        for (int i = 0; i < 1_000; i++) {
            DeploymentId id = DeploymentId.random(random);
            assertThat(id.value()).matches(format);
            assertThat(Revision.parse(id.value()).orElseThrow()).isEqualTo(new Revision.Deployment(id));
        }
        assertThat(DeploymentId.parse("4f9c2a7b1e03"))
                .isEqualTo(new Checked.Invalid<DeploymentId>("it does not start with 'd-'", DeploymentId.RULE));
    }

    @Test
    void derivesTheSameDeploymentIdFromTheSameRequestAndAnotherFromAnother() {
        DeploymentId id = DeploymentId.derived("72d3162e-cc78-11e3-81ab-4c9367dc0958", "1");

        assertThat(id.value()).matches("d-[0-9a-f]{12}");
        assertThat(DeploymentId.derived("72d3162e-cc78-11e3-81ab-4c9367dc0958", "1"))
                .isEqualTo(id);
        assertThat(DeploymentId.derived("72d3162e-cc78-11e3-81ab-4c9367dc0958", "2"))
                .isNotEqualTo(id);
        assertThat(DeploymentId.derived("72d3162e-cc78-11e3-81ab-4c9367dc0958", ""))
                .isNotEqualTo(id);
        assertThat(DeploymentId.derived("72d3162e-cc78-11e3-81ab-4c9367dc09581"))
                .isNotEqualTo(id);
    }

    @Test
    void neverEchoesRefusedTextInMessages() {
        String hostile = "@org/team<img src=x>";

        assertThatThrownBy(() -> new EnvName(hostile))
                .satisfies(
                        e -> assertThat(e.getMessage()).doesNotContain("@org").doesNotContain("<img"));
        assertThatThrownBy(() -> new Sha(hostile))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("@org"));
    }
}
