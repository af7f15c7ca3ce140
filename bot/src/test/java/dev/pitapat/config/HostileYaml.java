package dev.pitapat.config;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Hostile {@code .github/pitapat.yml} texts from one seeded {@link Random}: real configs with characters
 * flipped, cut or repeated; real configs with values swapped for others of any type and dumped again; and the
 * constructs a YAML parser is attacked with (alias bombs, merge keys, tags, directives, several documents, deep
 * nesting, huge scalars, tabs, duplicate keys, odd line endings, invalid UTF-8, lone surrogates). Every value
 * the generator puts in carries a {@link #CANARY}, which no problem may quote.
 */
final class HostileYaml {

    /** Marks text of the file: no problem may quote it (a '.' keeps it from being a key safe to quote). */
    static final String CANARY = "canary.";

    /** One input: what it is, the default branch's file and the deployed commit's, and the repository. */
    record Case(String label, String owner, String repo, Optional<String> policyFile, Optional<String> appFile) {}

    private static final String[] KEYS = {
        "app",
        "image",
        "build",
        "build-check",
        "port",
        "health-path",
        "replicas",
        "autoscaling",
        "resources",
        "env",
        "secret-refs",
        "previews",
        "limits",
        "environments"
    };
    private static final String[] ENVIRONMENT_KEYS = {
        "deploy-on", "promotion", "required-permission", "host", "after", "requires", "production", "promotion-timeout"
    };
    private static final String[] WORDS = {
        "push",
        "manual",
        "auto",
        "write",
        "maintain",
        "admin",
        "approved",
        "checks-passed",
        "staging",
        "production",
        "pr-1",
        "250m",
        "512Mi",
        "4Gi",
        "2h",
        "90m",
        "8d",
        "0m",
        "/healthz",
        "ghcr.io/acme/hello",
        "argo-workflows",
        "external",
        "hello.example.com",
        "*.example.com",
        "yes",
        "no",
        "on",
        "~",
        "0x1F",
        "0o17",
        "1e3",
        ".inf",
        "-.inf",
        ".nan",
        "2001-12-14",
        "+12",
        "007",
        "1_000"
    };
    private static final String[] ODD = {
        "\t", "\r", "\u0000", "\u0085", "\u2028", "\uFEFF", "\uD800", "\uDC00", "\u202E", "é", "\uD835\uDD18", "\u007F"
    };
    /** The kinds of {@link #hostile}. */
    private static final int HOSTILE_KINDS = 16;

    private static final String SYNTAX = ":-&*!|>{}[]#'\"%@`?,<\t\n ";
    private static final String[] TAGS = {
        "!!java.lang.Object",
        "!!javax.script.ScriptEngineManager",
        "!!python/object/apply:os.system",
        "!custom",
        "!",
        "!!binary",
        "!!set",
        "!!omap",
        "!!pairs",
        "!!timestamp",
        "!!int",
        "!!str",
        "!!float",
        "!!bool",
        "!!null",
        "!!map",
        "!!seq",
        "!<tag:yaml.org,2002:str>",
        "!<tag:evil.com,2000:x>",
        "!e!x"
    };

    private final Random random;
    private final List<String> corpus;

    HostileYaml(Random random) {
        this.random = random;
        this.corpus = corpus();
    }

    /** The real configs: the example app's, the golden manifests' and the design example. */
    static List<String> corpus() {
        List<String> texts = new ArrayList<>();
        texts.add(RepoConfigsTest.DESIGN_EXAMPLE);
        try (Stream<Path> cases = Files.list(Path.of("src/test/resources/render"))) {
            for (Path file : cases.map(c -> c.resolve("pitapat.yml"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList()) {
                texts.add(Files.readString(file));
            }
            texts.add(Files.readString(Path.of("../examples/hello/.github/pitapat.yml")));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the example configs", e);
        }
        return List.copyOf(texts);
    }

    Case next() {
        int roll = random.nextInt(100);
        String text;
        String label;
        if (roll < 30) {
            label = "characters of a real config";
            text = textMutated(pick(corpus));
        } else if (roll < 55) {
            label = "values of a real config";
            text = treeMutated(pick(corpus));
        } else {
            int kind = random.nextInt(HOSTILE_KINDS);
            label = "hostile construct " + kind;
            text = hostile(kind);
        }
        if (random.nextInt(10) == 0) {
            text = new String(invalidUtf8(text.getBytes(UTF_8)), UTF_8); // as the contents API's bytes decode
            label += ", invalid UTF-8 decoded";
        }
        String owner = random.nextInt(10) == 0 ? pick(new String[] {"Acme", "a-b", "x".repeat(39), "0"}) : "acme";
        String repo = random.nextInt(10) == 0
                ? pick(new String[] {"Hello.World", "hello_world", "-x", "x".repeat(100), ".github", "ÄÖ"})
                : "hello";
        return switch (random.nextInt(8)) {
            case 0 ->
                new Case(
                        label + " (as the deployed commit's)",
                        owner,
                        repo,
                        Optional.of(pick(corpus)),
                        Optional.of(text));
            case 1 -> new Case(label + " (and no deployed file)", owner, repo, Optional.of(text), Optional.empty());
            case 2 -> new Case(label + " (both files)", owner, repo, Optional.of(text), Optional.of(textMutated(text)));
            default -> new Case(label, owner, repo, Optional.of(text), Optional.empty());
        };
    }

    private String textMutated(String text) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(8);
        for (int e = 0; e < edits; e++) {
            int at = out.isEmpty() ? 0 : random.nextInt(out.length() + 1);
            switch (random.nextInt(8)) {
                case 0 -> out.insert(at, SYNTAX.charAt(random.nextInt(SYNTAX.length())));
                case 1 -> out.insert(at, pick(ODD));
                case 2 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(20)));
                case 3 -> out.setLength(at);
                case 4 -> {
                    int end = Math.min(out.length(), at + 1 + random.nextInt(200));
                    out.insert(at, out.substring(at, end));
                }
                case 5 -> out.insert(at, "\n" + " ".repeat(random.nextInt(12)) + pick(KEYS) + ": " + CANARY + e + "\n");
                case 6 -> out.insert(at, pick(TAGS) + " ");
                default -> out.insert(at, pick(new String[] {"&a ", "*a", "<<: *a\n", "---\n", "...\n", "? "}));
            }
        }
        return out.toString();
    }

    /** The config loaded, with values swapped for others of any type, dumped in block or flow style. */
    private String treeMutated(String text) {
        Object root = new Load(LoadSettings.builder().build()).loadFromString(text);
        if (!(root instanceof Map<?, ?> map)) {
            return textMutated(text);
        }
        Map<Object, Object> config = copy(map);
        int mutations = 1 + random.nextInt(5);
        for (int m = 0; m < mutations; m++) {
            mutate(config, 0);
        }
        if (random.nextInt(4) == 0) {
            config.put("environments", manyEnvironments(1 + random.nextInt(random.nextBoolean() ? 10 : 3000)));
        }
        FlowStyle style = pick(FlowStyle.values());
        try {
            return new Dump(DumpSettings.builder().setDefaultFlowStyle(style).build()).dumpToString(config);
        } catch (RuntimeException notDumpable) { // a lone surrogate, say: the characters are mutated instead
            return textMutated(text);
        }
    }

    @SuppressWarnings("unchecked")
    private void mutate(Map<Object, Object> map, int depth) {
        List<Object> keys = new ArrayList<>(map.keySet());
        Object key = keys.isEmpty() || random.nextInt(6) == 0 ? randomKey() : pick(keys);
        Object value = map.get(key);
        if (value instanceof Map<?, ?> inner && depth < 4 && random.nextBoolean()) {
            mutate((Map<Object, Object>) inner, depth + 1);
        } else if (random.nextInt(6) == 0) {
            map.remove(key);
        } else {
            map.put(key, randomValue(depth));
        }
    }

    private Object randomKey() {
        return switch (random.nextInt(6)) {
            case 0 -> pick(KEYS);
            case 1 -> pick(ENVIRONMENT_KEYS);
            case 2 -> CANARY + "key";
            case 3 -> random.nextInt(100);
            case 4 -> List.of(CANARY + "complex");
            default -> pick(WORDS);
        };
    }

    private Object randomValue(int depth) {
        return switch (random.nextInt(14)) {
            case 0 -> null;
            case 1 -> pick(WORDS);
            case 2 -> CANARY + pick(ODD);
            case 3 -> pick(new Object[] {0, -1, 1, 65535, 65536, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE});
            case 4 ->
                pick(new Object[] {
                    BigInteger.TEN.pow(30), BigInteger.TWO.pow(64).negate()
                });
            case 5 -> pick(new Object[] {0.5, -0.0, 1e300, Double.NaN, Double.POSITIVE_INFINITY, 4.9e-324});
            case 6 -> random.nextBoolean();
            case 7 -> new LinkedHashMap<>(Map.of(pick(ENVIRONMENT_KEYS), pick(WORDS)));
            case 8 -> new ArrayList<>(List.of(pick(WORDS), CANARY + "item"));
            case 9 -> nested(depth + 1 + random.nextInt(12));
            case 10 -> CANARY + "x".repeat(random.nextInt(random.nextBoolean() ? 300 : 70_000));
            case 11 -> new LinkedHashMap<>();
            case 12 -> new ArrayList<>();
            default -> pick(KEYS);
        };
    }

    private static Object nested(int depth) {
        Object value = CANARY + "deep";
        for (int i = 0; i < depth; i++) {
            value = i % 2 == 0 ? new ArrayList<>(List.of(value)) : new LinkedHashMap<>(Map.of("a", value));
        }
        return value;
    }

    /**
     * {@code n} environments, each after the next: all in one circle, or some after a missing one, or itself,
     * with long names and random settings.
     */
    private Map<Object, Object> manyEnvironments(int n) {
        boolean circle = random.nextBoolean();
        Map<Object, Object> environments = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Map<Object, Object> settings = new LinkedHashMap<>();
            int after = !circle && random.nextInt(4) == 0 ? random.nextInt(n + 1) : (i + 1) % n;
            settings.put("after", "e" + "x".repeat(!circle && random.nextInt(3) == 0 ? 58 : 0) + after);
            if (circle) {
                environments.put("e" + i, settings);
                continue;
            }
            if (random.nextInt(3) == 0) {
                settings.put(pick(ENVIRONMENT_KEYS), random.nextBoolean() ? pick(WORDS) : randomValue(3));
            }
            environments.put("e" + "x".repeat(random.nextInt(3) == 0 ? 58 : 0) + i, settings);
        }
        return environments;
    }

    /** One of the constructs a YAML parser is attacked with, by its number. */
    private String hostile(int kind) {
        return switch (kind) {
            case 0 -> aliasBomb(2 + random.nextInt(9), 2 + random.nextInt(9));
            case 1 ->
                "base: &base { promotion: manual }\nenvironments:\n  production: { <<: *base, after: staging }\n"
                        + "  staging: *base\n";
            case 2 ->
                "app: " + pick(TAGS) + " " + CANARY + "tagged\nport: " + pick(TAGS) + " 8080\n" + pick(TAGS)
                        + " environments: " + pick(TAGS) + " { staging: {} }\n";
            case 3 ->
                pick(new String[] {"%YAML 1.1\n", "%YAML 9.9\n", "%TAG ! tag:evil.com,2000:\n", "%FOO bar\n"})
                        + "---\napp: hello\n";
            case 4 -> "app: hello\n" + "---\napp: other\n".repeat(1 + random.nextInt(1000));
            case 5 -> {
                int depth = pick(new Integer[] {9, 100, 10_000, 30_000, 100_000});
                yield "env: " + "[".repeat(depth) + CANARY + "]".repeat(depth) + "\n";
            }
            case 6 -> {
                StringBuilder block = new StringBuilder("limits:\n");
                int depth = 5 + random.nextInt(random.nextBoolean() ? 10 : 3000);
                for (int i = 1; i <= depth; i++) {
                    block.append(" ".repeat(i)).append("a:\n");
                }
                yield block.toString();
            }
            case 7 -> {
                int size = pick(new Integer[] {60_000, 64 * 1024 - 20, 64 * 1024, 64 * 1024 + 1, 1024 * 1024});
                yield pick(KEYS) + ": " + CANARY + "x".repeat(Math.max(0, size - 20)) + "\n";
            }
            case 8 -> CANARY + "k".repeat(random.nextInt(60_000)) + ": 1\n";
            case 9 -> "environments:\n\tstaging: {}\n" + "app:\thello\n" + "port: \t8080\n" + "env: {\tA: b}\n";
            case 10 -> {
                String key = pick(KEYS);
                yield key + ": a\n" + key + ": b\nenvironments:\n  s: {after: a, after: b}\n  s: {}\n" + "env: {A: "
                        + CANARY + "1, A: " + CANARY + "2}\n";
            }
            case 11 -> {
                StringBuilder keys = new StringBuilder();
                int n = 1 + random.nextInt(6000);
                for (int i = 0; i < n; i++) {
                    keys.append(random.nextBoolean() ? "k" + i : pick(KEYS))
                            .append(": ")
                            .append(CANARY)
                            .append(i)
                            .append('\n');
                }
                yield keys.toString();
            }
            case 12 ->
                String.join(
                        pick(new String[] {"\r\n", "\r", "\u0085", "\u2028", "\u2029"}),
                        pick(corpus).split("\n"));
            case 13 ->
                pick(new String[] {"\uFEFF", "\uFEFF\uFEFF", "\u0000", "\uD800", ""})
                        + pick(corpus)
                        + pick(new String[] {"\uDBFF", "\u0000", "\uFFFE", "\uFFFF", ""});
            case 14 ->
                pick(new String[] {
                    "",
                    " ",
                    "\n\n",
                    "# only a comment\n",
                    "~",
                    "null",
                    "[]",
                    "{}",
                    "--- !!map\n",
                    "--- |\n  app\n",
                    "...",
                    "? [a, b]\n: c\n",
                    "? {a: b}\n: c\n",
                    "app: |9\n  x\n",
                    "app: >-0\n  x\n",
                    "app: \"\\uD800\"\n",
                    "app: \"\\U00110000\"\n",
                    "app: \"\\x00\"\n",
                    "env: {A: \"\\N\\_\\L\\P\"}\n",
                    "'app': 'it''s'\n",
                    "app: !!binary aGVsbG8=\n",
                    "secret-refs: !!set {a, b}\n",
                    "env: !!omap [A: b]\n",
                    "*a\n",
                    "&a\n",
                    "app: *a\n",
                    "app: &a\n"
                });
            default -> {
                StringBuilder refs = new StringBuilder("secret-refs:\n");
                int n = 1 + random.nextInt(5000);
                for (int i = 0; i < n; i++) {
                    refs.append("  - ")
                            .append(random.nextBoolean() ? "same" : CANARY + i)
                            .append('\n');
                }
                yield refs.toString();
            }
        };
    }

    /** Billion laughs: {@code levels} anchors, each a list of {@code width} aliases of the one before. */
    private static String aliasBomb(int levels, int width) {
        StringBuilder yaml = new StringBuilder("a0: &a0 [" + CANARY + "lol]\n");
        for (int i = 1; i < levels; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            yaml.append(String.join(", ", Collections.nCopies(width, "*a" + (i - 1))));
            yaml.append("]\n");
        }
        return yaml.append("app: *a").append(levels - 1).append('\n').toString();
    }

    /** Overlong forms, encoded surrogates, bytes that never occur in UTF-8, sequences cut short. */
    private byte[] invalidUtf8(byte[] bytes) {
        byte[][] bad = {
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xFF},
            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82},
            {(byte) 0x80}
        };
        int at = random.nextInt(bytes.length + 1);
        byte[] inserted = pick(bad);
        byte[] out = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> copy(Map<?, ?> map) {
        Map<Object, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(
                k, v instanceof Map<?, ?> inner ? copy(inner) : v instanceof List<?> list ? new ArrayList<>(list) : v));
        return copy;
    }

    private <T> T pick(T[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
