package dev.pitapat.config;

import static dev.pitapat.config.RepoConfigsTest.problems;
import static dev.pitapat.config.RepoConfigsTest.read;
import static dev.pitapat.config.RepoConfigsTest.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The file is untrusted input: size, aliases, nesting, duplicates, and every problem at once. */
class HostileYamlTest {

    @Test
    @Timeout(5)
    void refusesABillionLaughsDocumentWithoutExpandingIt() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            yaml.append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1))));
            yaml.append("]\n");
        }

        List<ConfigProblem> problems = problems(read(yaml.toString()));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo(RepoConfigs.PATH);
            assertThat(problem.rule()).contains("anchors and aliases");
        });
    }

    @Test
    void refusesAnAliasEvenForAScalar() {
        assertThat(problems(read("app: &name hello\nimage: *name\n")))
                .extracting(ConfigProblem::rule)
                .singleElement()
                .asString()
                .contains("anchors and aliases");
    }

    @Test
    void refusesAMergeKey() {
        String yaml = """
                environments:
                  base: &base { promotion: manual }
                  production: { <<: *base }
                """;

        assertThat(problems(read(yaml))).extracting(ConfigProblem::rule).anyMatch(r -> r.contains("anchors"));
    }

    @Test
    void acceptsAFileOf64KibAndRefusesOneByteMore() {
        String head = "app: hello\n";
        String exact = head + "#".repeat(YamlDocument.MAX_BYTES - head.length() - 1) + "\n";

        assertThat(exact.length()).isEqualTo(64 * 1024);
        valid(read(exact));
        assertThat(problems(read(exact + "\n")))
                .singleElement()
                .satisfies(problem -> assertThat(problem.rule()).contains("64 KiB"));
    }

    @Test
    void countsTheCapInUtf8Bytes() {
        String head = "app: hello\n# ";
        String wide = head + "é".repeat(YamlDocument.MAX_BYTES / 2) + "\n";

        assertThat(wide.length()).isLessThan(YamlDocument.MAX_BYTES);
        assertThat(problems(read(wide)))
                .extracting(ConfigProblem::rule)
                .containsExactly("the config file is at most 64 KiB");
    }

    @Test
    void refusesDeepNestingBeforeComposing() {
        String yaml = "env: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";

        assertThat(problems(read(yaml)))
                .singleElement()
                .satisfies(problem -> assertThat(problem.problem()).contains("levels deep"));
    }

    static Stream<Arguments> charactersYamlDoesNotAllow() {
        return Stream.of(
                Arguments.of("a NUL before a comment", "\u0000# a comment\napp: hello\n", "U+0000", "line 1, column 1"),
                Arguments.of("a noncharacter", "app: hello\nport: \uFFFE\n", "U+FFFE", "line 2, column 7"),
                Arguments.of("a lone low surrogate", "app: hello\r\nimage: x\uDC00\n", "U+DC00", "line 2, column 9"),
                Arguments.of("a lone high surrogate, last", "app: hello\n\uDBFF", "U+DBFF", "line 2, column 1"));
    }

    /** Found by the fuzz: these were "it is not valid YAML", with no line. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("charactersYamlDoesNotAllow")
    void refusesACharacterYamlDoesNotAllowNamingItsLine(String name, String yaml, String codePoint, String where) {
        assertThat(problems(read(yaml))).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo(RepoConfigs.PATH);
            assertThat(problem.problem())
                    .isEqualTo("it holds a character YAML does not allow (" + codePoint + ") at " + where);
        });
    }

    /** Found by the fuzz: this was "it is not valid YAML", with no line. */
    @Test
    void refusesAnotherYamlVersionNamingItsLine() {
        assertThat(problems(read("# pitapat\n%YAML 9.9\n---\napp: hello\n")))
                .singleElement()
                .satisfies(
                        problem -> assertThat(problem.problem()).isEqualTo("it declares YAML 9.9 at line 2, column 1"));
    }

    /**
     * Found by the fuzz: an escape with no digits before the end of the file failed inside the parser ({@code
     * NumberFormatException}), and was "it is not valid YAML", with no line.
     */
    @ParameterizedTest
    @ValueSource(strings = {"app: \"\\u", "app: hello\nimage: \"\\x", "env: {A: \"\\U"})
    void refusesAnEscapeCutShortByTheEndOfTheFileNamingWhere(String yaml) {
        String[] lines = yaml.split("\n");
        String where = "line " + lines.length + ", column " + (lines[lines.length - 1].length() + 1);

        assertThat(problems(read(yaml)))
                .singleElement()
                .extracting(ConfigProblem::problem)
                .isEqualTo("it is not valid YAML at " + where + " (an escape is cut short by the end of the file)");
    }

    /** Found by the fuzz: a list as a key was "it is not valid YAML", with no line nor field. */
    @Test
    void reportsAKeyThatIsAListOrAMappingWithItsField() {
        String yaml = """
                env:
                  ? [canary]
                  : 1000000000000000000000000000000
                environments: {staging: {}, ? {a: b} : c}
                """;

        assertThat(problems(read(yaml)))
                .extracting(ConfigProblem::path, ConfigProblem::problem)
                .containsExactlyInAnyOrder(
                        tuple("env", "it has a key that is a list"),
                        tuple("environments", "it has a key that is a mapping"));
    }

    @Test
    void refusesDuplicateKeysAtEveryLevel() {
        String yaml = """
                app: hello
                app: other
                environments:
                  staging: { promotion: auto, promotion: manual }
                env: { A: x, A: y }
                """;

        assertThat(problems(read(yaml)))
                .extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("app", "env.A", "environments.staging.promotion");
    }

    @Test
    void reportsACycleOnceWithItsPath() {
        String yaml = """
                environments:
                  tail: { after: a }
                  a: { after: c }
                  b: { after: a }
                  c: { after: b }
                """;

        assertThat(problems(read(yaml))).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("environments.a.after");
            assertThat(problem.problem()).endsWith("a -> c -> b -> a");
        });
    }

    /**
     * Found by the fuzz: the walk along {@code after} went over every environment again from each one, and a
     * 60 KB file of 2,600 environments in one circle took 43 s to read.
     */
    @Test
    @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void readsEnvironmentsInOneLongCircleWalkingEachOnce() {
        int n = 2600;
        StringBuilder yaml = new StringBuilder("app: hello\nenvironments:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("  e")
                    .append(i)
                    .append(": {after: e")
                    .append((i + 1) % n)
                    .append("}\n");
        }

        assertThat(problems(read(yaml.toString()))).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("environments.e0.after");
            assertThat(problem.problem()).startsWith("the order goes around in a circle: e0 -> e1 -> e2 -> ");
        });
    }

    /** Found by the fuzz: the problem of a circle of 800 environments named all of them, in 6,327 characters. */
    @Test
    void namesTheFirstFewEnvironmentsOfALongCircle() {
        StringBuilder yaml = new StringBuilder("app: hello\nenvironments:\n");
        for (int i = 0; i < 800; i++) {
            yaml.append("  e")
                    .append(i)
                    .append(": {after: e")
                    .append((i + 1) % 800)
                    .append("}\n");
        }

        assertThat(problems(read(yaml.toString())))
                .singleElement()
                .extracting(ConfigProblem::problem)
                .isEqualTo("the order goes around in a circle: e0 -> e1 -> e2 -> e3 -> e4 -> e5 -> e6 -> e7 -> …"
                        + " (792 more) -> e0");
    }

    @Test
    void reportsEveryProblemTogether() {
        String yaml = """
                app: Hello
                port: 0
                health-path: healthz
                replicas: 50
                resources: { cpu: 8, memory: 1Tb }
                env: { 9X: y }
                colour: blue
                environments:
                  staging: { after: nowhere, host: "Bad Host" }
                """;

        assertThat(problems(read(yaml)))
                .extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder(
                        "app",
                        "port",
                        "health-path",
                        "replicas",
                        "resources.cpu",
                        "resources.memory",
                        "env.9X",
                        "colour",
                        "environments.staging.host",
                        "environments.staging.after");
    }
}
