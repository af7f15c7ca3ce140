package dev.pitapat.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The app keys, read at the deployed commit: {@code build}, {@code port}, {@code health-path}, {@code
 * replicas}, {@code resources} and {@code env}. Replicas and resources are held to the default branch's
 * {@link Limits}, so a pull request cannot ask for more than the repository allows.
 */
final class AppKeys {

    static final Set<String> KEYS = Set.of("build", "port", "health-path", "replicas", "resources", "env");

    private static final Set<String> RESOURCE_KEYS = Set.of("cpu", "memory");
    private static final Map<String, Build> BUILD = EnvironmentKeys.words(Build.values(), Build::yaml);

    /** The app keys with defaults filled in. */
    record App(Build build, int port, String healthPath, int replicas, Resources resources, Map<String, String> env) {}

    private AppKeys() {}

    static App read(Map<String, Node> file, Limits limits, Problems problems) {
        Build build = Optional.ofNullable(file.get("build"))
                .flatMap(n -> Fields.choice(n, "build", BUILD, problems))
                .orElse(Build.ARGO_WORKFLOWS);
        int port = Optional.ofNullable(file.get("port"))
                .flatMap(n -> Fields.integer(n, "port", 1, 65535, problems))
                .orElse(8080);
        String healthPath = Optional.ofNullable(file.get("health-path"))
                .flatMap(n -> Fields.text(n, "health-path", problems))
                .filter(path -> PolicyKeys.checked(
                        "health-path", Names.healthPathProblem(path), Names.HEALTH_PATH_RULE, problems))
                .orElse("/");
        int replicas = Optional.ofNullable(file.get("replicas"))
                .flatMap(n -> replicas(n, limits, problems))
                .orElse(1);
        Resources resources = Optional.ofNullable(file.get("resources"))
                .map(n -> resources(n, limits, problems))
                .orElse(Resources.NONE);
        Map<String, String> env =
                Optional.ofNullable(file.get("env")).map(n -> env(n, problems)).orElse(Map.of());
        return new App(build, port, healthPath, replicas, resources, env);
    }

    /**
     * At least 1: an environment of 0 replicas never becomes healthy, so its deploy could only time out; lock or
     * remove an environment to stop it instead.
     */
    private static Optional<Integer> replicas(Node node, Limits limits, Problems problems) {
        Optional<Integer> replicas = Fields.integer(node, "replicas", 1, Integer.MAX_VALUE, problems);
        if (replicas.isPresent() && replicas.get() > limits.replicas()) {
            problems.add(
                    "replicas",
                    "it is " + replicas.get() + ", above limits.replicas (" + limits.replicas() + ")",
                    "replicas is at most limits.replicas, which only the default branch sets");
            return Optional.empty();
        }
        return replicas;
    }

    private static Resources resources(Node node, Limits limits, Problems problems) {
        Map<String, Node> keys =
                Fields.mapping(node, "resources", RESOURCE_KEYS, problems).orElse(Map.of());
        Optional<Quantity> cpu = Optional.ofNullable(keys.get("cpu"))
                .flatMap(n -> PolicyKeys.quantity(n, "resources.cpu", false, problems))
                .filter(q -> withinLimit("resources.cpu", q, "limits.cpu", limits.cpu(), problems));
        Optional<Quantity> memory = Optional.ofNullable(keys.get("memory"))
                .flatMap(n -> PolicyKeys.quantity(n, "resources.memory", true, problems))
                .filter(q -> withinLimit("resources.memory", q, "limits.memory", limits.memory(), problems));
        return new Resources(cpu, memory);
    }

    private static boolean withinLimit(String path, Quantity asked, String limitPath, Quantity limit, Problems p) {
        if (asked.compareTo(limit) > 0) {
            p.add(
                    path,
                    "it is " + asked + ", above " + limitPath + " (" + limit + ")",
                    path + " is at most " + limitPath + ", which only the default branch sets");
            return false;
        }
        return true;
    }

    private static Map<String, String> env(Node node, Problems problems) {
        Map<String, String> env = new LinkedHashMap<>();
        Fields.entries(node, "env", problems)
                .ifPresent(entries -> entries.forEach((name, value) -> {
                    if (!Names.isEnvVarName(name)) {
                        problems.add(
                                Fields.join("env", Fields.safeKey(name).orElse("")),
                                "the name is not valid",
                                Names.ENV_VAR_RULE);
                        return;
                    }
                    String path = "env." + name;
                    Fields.scalarText(value, path, true, problems)
                            .filter(text -> PolicyKeys.checked(
                                    path,
                                    Names.envValueProblem(text),
                                    path + " is at most " + Names.MAX_ENV_VALUE_BYTES + " bytes",
                                    problems))
                            .ifPresent(text -> env.put(name, text));
                }));
        return env;
    }
}
