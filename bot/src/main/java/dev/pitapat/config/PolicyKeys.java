package dev.pitapat.config;

import dev.pitapat.model.AppName;
import dev.pitapat.model.Checked;
import dev.pitapat.model.EnvName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The policy keys, read from the default branch only: {@code app}, {@code image}, {@code secret-refs}, {@code
 * previews}, {@code limits} and {@code environments} (read by {@link EnvironmentKeys}).
 */
final class PolicyKeys {

    static final Set<String> KEYS = Set.of("app", "image", "secret-refs", "previews", "limits", "environments");

    private static final Set<String> LIMIT_KEYS = Set.of("replicas", "cpu", "memory");
    /** Highest {@code limits.replicas}: a ceiling of its own, so no repository can lift its ceiling away. */
    static final int MAX_LIMITS_REPLICAS = 1000;

    private static final String MISSING_APP_RULE = "without an app key the app name is the repository name,"
            + " lower-cased; set app: in " + RepoConfigs.PATH + " to a DNS-1123 label such as my-repo";
    private static final String MISSING_IMAGE_RULE = "without an image key the image is ghcr.io/<owner>/<repo>,"
            + " lower-cased; set image: in " + RepoConfigs.PATH + ". " + Names.IMAGE_RULE;

    /** The policy keys with defaults filled in; {@code app} is empty when it could not be read. */
    record Policy(
            Optional<AppName> app,
            String image,
            List<String> secretRefs,
            boolean previews,
            Limits limits,
            Map<EnvName, Environment> environments) {}

    private PolicyKeys() {}

    static Policy read(String owner, String repo, Map<String, Node> file, Problems problems) {
        Optional<AppName> app = Optional.ofNullable(file.get("app"))
                .map(node -> Fields.text(node, "app", problems).flatMap(text -> appName(text, problems)))
                .orElseGet(() -> defaultApp(repo, problems));
        String image = Optional.ofNullable(file.get("image"))
                .flatMap(node -> Fields.text(node, "image", problems)
                        .filter(text -> checked("image", Names.imageProblem(text), Names.IMAGE_RULE, problems)))
                .orElseGet(() -> file.containsKey("image") ? "" : defaultImage(owner, repo, problems));
        List<String> secretRefs = Optional.ofNullable(file.get("secret-refs"))
                .map(node -> secretRefs(node, problems))
                .orElse(List.of());
        boolean previews = Optional.ofNullable(file.get("previews"))
                .flatMap(node -> Fields.bool(node, "previews", problems))
                .orElse(true);
        Limits limits = Optional.ofNullable(file.get("limits"))
                .map(node -> limits(node, problems))
                .orElse(Limits.DEFAULT);
        var environments = EnvironmentKeys.read(Optional.ofNullable(file.get("environments")), app, problems);
        return new Policy(app, image, secretRefs, previews, limits, environments);
    }

    private static Optional<AppName> appName(String text, Problems problems) {
        return switch (AppName.parse(text)) {
            case Checked.Valid<AppName>(AppName name) -> Optional.of(name);
            case Checked.Invalid<AppName>(String problem, String rule) -> {
                problems.add("app", problem, rule);
                yield Optional.empty();
            }
        };
    }

    private static Optional<AppName> defaultApp(String repo, Problems problems) {
        return switch (AppName.parse(repo.toLowerCase(Locale.ROOT))) {
            case Checked.Valid<AppName>(AppName name) -> Optional.of(name);
            case Checked.Invalid<AppName>(String problem, String rule) -> {
                problems.add(
                        "app",
                        "the repository name, lower-cased, is not a valid app name: " + problem,
                        MISSING_APP_RULE);
                yield Optional.empty();
            }
        };
    }

    private static String defaultImage(String owner, String repo, Problems problems) {
        String image = ("ghcr.io/" + owner + "/" + repo).toLowerCase(Locale.ROOT);
        Optional<String> problem = Names.imageProblem(image);
        problem.ifPresent(p ->
                problems.add("image", "the default image from the repository is not valid: " + p, MISSING_IMAGE_RULE));
        return image;
    }

    private static List<String> secretRefs(Node node, Problems problems) {
        List<String> names = new ArrayList<>();
        Fields.list(node, "secret-refs", problems).ifPresent(items -> {
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < items.size(); i++) {
                String path = "secret-refs[" + i + "]";
                Fields.text(items.get(i), path, problems)
                        .filter(name -> checked(
                                path,
                                Names.subdomainProblem(name),
                                "secret names are " + Names.SUBDOMAIN_RULE,
                                problems))
                        .ifPresent(name -> {
                            if (seen.add(name)) {
                                names.add(name);
                            } else {
                                problems.add(path, "this secret is listed twice", "each secret is listed once");
                            }
                        });
            }
        });
        return names;
    }

    private static Limits limits(Node node, Problems problems) {
        Map<String, Node> keys =
                Fields.mapping(node, "limits", LIMIT_KEYS, problems).orElse(Map.of());
        int replicas = Optional.ofNullable(keys.get("replicas"))
                .flatMap(n -> Fields.integer(n, "limits.replicas", 1, MAX_LIMITS_REPLICAS, problems))
                .orElse(Limits.DEFAULT.replicas());
        Quantity cpu = Optional.ofNullable(keys.get("cpu"))
                .flatMap(n -> quantity(n, "limits.cpu", false, problems))
                .orElse(Limits.DEFAULT.cpu());
        Quantity memory = Optional.ofNullable(keys.get("memory"))
                .flatMap(n -> quantity(n, "limits.memory", true, problems))
                .orElse(Limits.DEFAULT.memory());
        return new Limits(replicas, cpu, memory);
    }

    /** A quantity; for memory, {@code m} (millibytes) is refused as the usual slip for {@code Mi}. */
    static Optional<Quantity> quantity(Node node, String path, boolean memory, Problems problems) {
        return Fields.scalarText(node, path, false, problems).flatMap(text -> switch (Quantity.parse(text)) {
            case Checked.Valid<Quantity>(Quantity q)
            when memory && q.isMilli() -> {
                problems.add(path, "it is in millibytes (m)", "memory is in bytes: use Mi or Gi, such as 512Mi");
                yield Optional.<Quantity>empty();
            }
            case Checked.Valid<Quantity>(Quantity q) -> Optional.of(q);
            case Checked.Invalid<Quantity>(String problem, String rule) -> {
                problems.add(path, problem, path + " is " + rule);
                yield Optional.<Quantity>empty();
            }
        });
    }

    static boolean checked(String path, Optional<String> problem, String rule, Problems problems) {
        problem.ifPresent(p -> problems.add(path, p, rule));
        return problem.isEmpty();
    }
}
