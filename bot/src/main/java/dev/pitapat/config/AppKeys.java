package dev.pitapat.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The app keys, read at the deployed commit: {@code build}, {@code build-check}, {@code port}, {@code health-path}, {@code
 * replicas}, {@code autoscaling}, {@code resources} and {@code env}. Replicas, the autoscaler's ceiling and
 * resources are held to the default branch's {@link Limits}, so a pull request cannot ask for more than the
 * repository allows.
 */
final class AppKeys {

    static final Set<String> KEYS =
            Set.of("build", "build-check", "port", "health-path", "replicas", "autoscaling", "resources", "env");

    /** The longest {@code build-check} name taken: GitHub's own limit for a commit status context. */
    static final int MAX_BUILD_CHECK = 255;

    private static final Set<String> RESOURCE_KEYS = Set.of("cpu", "memory");
    private static final Set<String> AUTOSCALING_KEYS = Set.of("max-replicas", "cpu-percent");
    /** {@code build}'s words, the default first (in this order in the rule a wrong word is told). */
    private static final Map<String, Boolean> BUILD = buildWords();

    private static Map<String, Boolean> buildWords() {
        Map<String, Boolean> words = new LinkedHashMap<>();
        words.put("external", false);
        words.put("argo-workflows", true);
        return java.util.Collections.unmodifiableMap(words);
    }

    /** The app keys with defaults filled in. */
    record App(
            Build build,
            int port,
            String healthPath,
            int replicas,
            Optional<Autoscaling> autoscaling,
            Resources resources,
            Map<String, String> env) {}

    private AppKeys() {}

    static App read(Map<String, Node> file, Limits limits, Problems problems) {
        Build build = build(file, problems);
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
        Optional<Autoscaling> autoscaling = Optional.ofNullable(file.get("autoscaling"))
                .flatMap(n -> autoscaling(n, replicas, resources, limits, problems));
        Map<String, String> env =
                Optional.ofNullable(file.get("env")).map(n -> env(n, problems)).orElse(Map.of());
        return new App(build, port, healthPath, replicas, autoscaling, resources, env);
    }

    /**
     * {@code build} ({@code external}, the default, or {@code argo-workflows}) and, with {@code external} only,
     * {@code build-check}: the check run or commit status the deploy waits for.
     */
    private static Build build(Map<String, Node> file, Problems problems) {
        boolean argo = Optional.ofNullable(file.get("build"))
                .flatMap(n -> Fields.choice(n, "build", BUILD, problems))
                .orElse(false);
        Optional<String> check = Optional.ofNullable(file.get("build-check"))
                .flatMap(n -> Fields.text(n, "build-check", problems))
                .filter(name -> buildCheckFits(name, problems));
        if (argo && file.containsKey("build-check")) {
            problems.add(
                    "build-check",
                    "it is set with build: argo-workflows",
                    "build-check names the check an external CI reports (build: external); with build:"
                            + " argo-workflows the deploy waits for pitapat's own build check");
        }
        return argo ? new Build.ArgoWorkflows() : new Build.External(check);
    }

    private static boolean buildCheckFits(String name, Problems problems) {
        if (name.isBlank() || name.length() > MAX_BUILD_CHECK || name.chars().anyMatch(Character::isISOControl)) {
            problems.add(
                    "build-check",
                    name.isBlank() ? "it is empty" : "it is not a check name",
                    "build-check is the name of a check run or commit status on the sha, such as ci/build: 1 to "
                            + MAX_BUILD_CHECK + " characters on one line");
            return false;
        }
        return true;
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

    /**
     * {@code {max-replicas: 6, cpu-percent: 70}}: {@code replicas} is the fewest pods, {@code max-replicas} the
     * most (above {@code replicas}, within {@code limits.replicas}), and the autoscaler measures CPU as a
     * percentage of the request, so {@code resources.cpu} must be set.
     */
    private static Optional<Autoscaling> autoscaling(
            Node node, int replicas, Resources resources, Limits limits, Problems problems) {
        int before = problems.count();
        Optional<Map<String, Node>> mapping = Fields.mapping(node, "autoscaling", AUTOSCALING_KEYS, problems);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Node> keys = mapping.get();
        Optional<Integer> maxReplicas = Optional.empty();
        if (keys.containsKey("max-replicas")) {
            maxReplicas = Fields.integer(
                            keys.get("max-replicas"), "autoscaling.max-replicas", 1, Integer.MAX_VALUE, problems)
                    .filter(max -> maxReplicasProblem(max, replicas, limits, problems));
        } else {
            problems.add(
                    "autoscaling.max-replicas",
                    "it is missing",
                    "autoscaling needs max-replicas, the most pods the autoscaler may run (replicas is the fewest),"
                            + " such as autoscaling: { max-replicas: " + Math.min(replicas * 3, limits.replicas())
                            + " }");
        }
        int cpuPercent = Optional.ofNullable(keys.get("cpu-percent"))
                .flatMap(n -> Fields.integer(n, "autoscaling.cpu-percent", 1, 100, problems))
                .orElse(Autoscaling.DEFAULT_CPU_PERCENT);
        if (resources.cpu().isEmpty()) {
            problems.add(
                    "autoscaling",
                    "resources.cpu is not set",
                    "the autoscaler measures CPU use as a percentage of the CPU request: set resources.cpu,"
                            + " such as resources: { cpu: 250m }");
        }
        if (problems.count() > before || maxReplicas.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Autoscaling(maxReplicas.get(), cpuPercent));
    }

    private static boolean maxReplicasProblem(int max, int replicas, Limits limits, Problems problems) {
        if (max > limits.replicas()) {
            problems.add(
                    "autoscaling.max-replicas",
                    "it is " + max + ", above limits.replicas (" + limits.replicas() + ")",
                    "autoscaling.max-replicas is at most limits.replicas, which only the default branch sets");
            return false;
        }
        if (max <= replicas) {
            problems.add(
                    "autoscaling.max-replicas",
                    "it is " + max + ", not more than replicas (" + replicas + ")",
                    "autoscaling.max-replicas is more than replicas, the fewest pods the autoscaler keeps;"
                            + " without autoscaling the app runs exactly replicas pods");
            return false;
        }
        return true;
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
