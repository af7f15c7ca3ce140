package dev.pitapat.config;

import dev.pitapat.model.AppName;
import dev.pitapat.model.Checked;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Permission;
import dev.pitapat.model.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The {@code environments} policy key: names, each environment's settings, and the order {@code after:}
 * draws between them (every {@code after} names another existing environment, and the chain has no cycle).
 */
final class EnvironmentKeys {

    private static final Set<String> KEYS = Set.of(
            "deploy-on",
            "promotion",
            "required-permission",
            "host",
            "after",
            "requires",
            "production",
            "promotion-timeout");
    static final String TIMEOUT_RULE = "promotion-timeout is a whole number of minutes (m), hours (h) or days (d),"
            + " such as 90m or 2h, from 1m to 7d";
    private static final Duration MIN_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration MAX_TIMEOUT = Duration.ofDays(7);
    private static final Map<String, DeployOn> DEPLOY_ON = Map.of(DeployOn.PUSH.yaml(), DeployOn.PUSH);
    private static final Map<String, Promotion> PROMOTION = words(Promotion.values(), Promotion::yaml);
    private static final Map<String, Permission> PERMISSION =
            words(new Permission[] {Permission.WRITE, Permission.MAINTAIN, Permission.ADMIN}, Permission::roleName);
    private static final Map<String, Requirement> REQUIREMENT = words(Requirement.values(), Requirement::yaml);
    private static final String PREVIEW_PREFIX = "pr-";
    /** Environments of a circle named at most in its problem. */
    private static final int MAX_CIRCLE_SHOWN = 8;

    private EnvironmentKeys() {}

    static Map<EnvName, Environment> read(Optional<Node> node, Optional<AppName> app, Problems problems) {
        if (node.isEmpty()) {
            return Map.of(new EnvName("staging"), Environment.DEFAULT);
        }
        Optional<Map<String, Node>> read = Fields.entries(node.get(), "environments", problems);
        if (read.isPresent() && read.get().isEmpty()) {
            problems.add("environments", "it is empty", "environments lists at least one environment");
        }
        Map<String, Node> entries = read.orElse(Map.of());
        Map<EnvName, Environment> result = new LinkedHashMap<>();
        Set<String> hosts = new HashSet<>();
        for (Map.Entry<String, Node> entry : entries.entrySet()) {
            Optional<EnvName> name = name(entry.getKey(), app, problems);
            String path = "environments." + name.map(EnvName::value).orElse("");
            Environment environment = environment(entry.getValue(), path, problems);
            name.ifPresent(n -> result.put(n, environment));
            environment.host().ifPresent(host -> {
                if (!hosts.add(host)) {
                    problems.add(
                            path + ".host",
                            "another environment has the same host",
                            "each environment has its own host");
                }
            });
        }
        checkOrder(result, problems);
        return result;
    }

    private static Optional<EnvName> name(String key, Optional<AppName> app, Problems problems) {
        String path = Fields.join("environments", Fields.safeKey(key).orElse(""));
        return switch (EnvName.parse(key)) {
            case Checked.Invalid<EnvName>(String problem, String rule) -> {
                problems.add(path, "the name is not valid: " + problem, rule);
                yield Optional.empty();
            }
            case Checked.Valid<EnvName>(EnvName env)
            when isPreviewName(key) -> {
                problems.add(
                        path,
                        "pr-<number> names are kept for pull-request previews",
                        "environment names other than pr-<number>, such as staging or production");
                yield Optional.of(env);
            }
            case Checked.Valid<EnvName>(EnvName env) -> {
                app.ifPresent(a -> {
                    if (Target.of(a, env) instanceof Checked.Invalid<Target>(String problem, String rule)) {
                        problems.add(path, problem, rule);
                    }
                });
                yield Optional.of(env);
            }
        };
    }

    private static Environment environment(Node node, String path, Problems problems) {
        Map<String, Node> keys = Fields.mapping(node, path, KEYS, problems).orElse(Map.of());
        Optional<DeployOn> deployOn = Optional.ofNullable(keys.get("deploy-on"))
                .flatMap(n -> Fields.choice(n, path + ".deploy-on", DEPLOY_ON, problems));
        Promotion promotion = Optional.ofNullable(keys.get("promotion"))
                .flatMap(n -> Fields.choice(n, path + ".promotion", PROMOTION, problems))
                .orElse(Promotion.AUTO);
        Permission permission = Optional.ofNullable(keys.get("required-permission"))
                .flatMap(n -> Fields.choice(n, path + ".required-permission", PERMISSION, problems))
                .orElse(Permission.WRITE);
        Optional<String> host = Optional.ofNullable(keys.get("host"))
                .flatMap(n -> Fields.text(n, path + ".host", problems))
                .filter(h -> PolicyKeys.checked(
                        path + ".host", Names.subdomainProblem(h), "host is " + Names.SUBDOMAIN_RULE, problems));
        Optional<EnvName> after = Optional.ofNullable(keys.get("after"))
                .flatMap(n -> Fields.text(n, path + ".after", problems))
                .flatMap(text -> EnvName.parse(text) instanceof Checked.Valid<EnvName>(EnvName env)
                        ? Optional.of(env)
                        : reject(path + ".after", problems));
        Set<Requirement> requires = EnumSet.noneOf(Requirement.class);
        Optional.ofNullable(keys.get("requires"))
                .flatMap(n -> Fields.list(n, path + ".requires", problems))
                .ifPresent(items -> {
                    for (int i = 0; i < items.size(); i++) {
                        Fields.choice(items.get(i), path + ".requires[" + i + "]", REQUIREMENT, problems)
                                .ifPresent(requires::add);
                    }
                });
        Optional<Boolean> production = Optional.ofNullable(keys.get("production"))
                .flatMap(n -> Fields.bool(n, path + ".production", problems));
        Optional<Duration> timeout = Optional.ofNullable(keys.get("promotion-timeout"))
                .flatMap(n -> Fields.text(n, path + ".promotion-timeout", problems))
                .flatMap(text -> timeout(text, path + ".promotion-timeout", problems));
        if (timeout.isPresent() && promotion != Promotion.MANUAL) {
            problems.add(
                    path + ".promotion-timeout",
                    "the environment is not promoted by hand",
                    "promotion-timeout goes with promotion: manual");
        }
        return new Environment(deployOn, promotion, permission, host, after, requires, production, timeout);
    }

    /** {@code 90m}, {@code 2h}, {@code 1d}: a whole number and one unit, within bounds. */
    static Optional<Duration> timeout(String text, String path, Problems problems) {
        Optional<Duration> parsed = Optional.empty();
        if (text.length() >= 2 && text.length() <= 6) {
            String digits = text.substring(0, text.length() - 1);
            char unit = text.charAt(text.length() - 1);
            if (!digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                long amount = Long.parseLong(digits);
                parsed = switch (unit) {
                    case 'm' -> Optional.of(Duration.ofMinutes(amount));
                    case 'h' -> Optional.of(Duration.ofHours(amount));
                    case 'd' -> Optional.of(Duration.ofDays(amount));
                    default -> Optional.empty();
                };
            }
        }
        if (parsed.isEmpty()) {
            problems.add(path, "it is not a duration such as 2h", TIMEOUT_RULE);
            return Optional.empty();
        }
        if (parsed.get().compareTo(MIN_TIMEOUT) < 0 || parsed.get().compareTo(MAX_TIMEOUT) > 0) {
            problems.add(path, "it is outside 1m to 7d", TIMEOUT_RULE);
            return Optional.empty();
        }
        return parsed;
    }

    private static Optional<EnvName> reject(String path, Problems problems) {
        problems.add(path, "it is not an environment name", "after names another environment of this file");
        return Optional.empty();
    }

    /** Every {@code after} names another existing environment; following them never comes back around. */
    private static void checkOrder(Map<EnvName, Environment> environments, Problems problems) {
        for (Map.Entry<EnvName, Environment> entry : environments.entrySet()) {
            entry.getValue().after().ifPresent(after -> {
                String path = "environments." + entry.getKey() + ".after";
                if (after.equals(entry.getKey())) {
                    problems.add(path, "it names its own environment", "after names another environment");
                } else if (!environments.containsKey(after)) {
                    problems.add(
                            path, "there is no environment " + after, "after names another environment of this file");
                }
            });
        }
        // Each environment is walked once: a walk stops where an earlier one went, whose circle is reported.
        Set<EnvName> walked = new HashSet<>();
        for (EnvName start : environments.keySet()) {
            Map<EnvName, Integer> walk = new LinkedHashMap<>(); // each environment of this walk, by its step
            Optional<EnvName> current = Optional.of(start);
            while (current.isPresent() && !walked.contains(current.get()) && !walk.containsKey(current.get())) {
                walk.put(current.get(), walk.size());
                current = next(environments, current.get());
            }
            walked.addAll(walk.keySet());
            if (current.isPresent() && walk.containsKey(current.get())) {
                List<EnvName> steps = new ArrayList<>(walk.keySet());
                List<EnvName> cycle = new ArrayList<>(steps.subList(walk.get(current.get()), steps.size()));
                cycle.add(current.get());
                problems.add(
                        "environments." + current.get() + ".after",
                        "the order goes around in a circle: " + circle(cycle),
                        "after orders environments one after another, without a cycle");
            }
        }
    }

    /**
     * {@code a -> c -> b -> a}: a circle of environments, back to its first. A long one shows its first few and
     * how many more it goes through, so that a problem stays one short line whatever the file.
     */
    private static String circle(List<EnvName> cycle) {
        List<String> names = cycle.stream().map(EnvName::value).toList();
        if (names.size() <= MAX_CIRCLE_SHOWN + 1) {
            return String.join(" -> ", names);
        }
        return String.join(" -> ", names.subList(0, MAX_CIRCLE_SHOWN)) + " -> … ("
                + (names.size() - 1 - MAX_CIRCLE_SHOWN) + " more) -> " + names.getLast();
    }

    /** The environment {@code env} comes after, when that is another existing one. */
    private static Optional<EnvName> next(Map<EnvName, Environment> environments, EnvName env) {
        return environments.get(env).after().filter(after -> !after.equals(env) && environments.containsKey(after));
    }

    private static boolean isPreviewName(String name) {
        if (!name.startsWith(PREVIEW_PREFIX) || name.length() == PREVIEW_PREFIX.length()) {
            return false;
        }
        return name.substring(PREVIEW_PREFIX.length()).chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The words of the file for {@code values}, in their order. */
    static <E> Map<String, E> words(E[] values, java.util.function.Function<E, String> yaml) {
        Map<String, E> words = new LinkedHashMap<>();
        for (E value : values) {
            words.put(yaml.apply(value), value);
        }
        return words;
    }
}
