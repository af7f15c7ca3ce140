package dev.pitapat.render;

import dev.pitapat.config.ConfigProblem;
import dev.pitapat.config.ConfigResult;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.model.Checked;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.InvalidValueException;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pitapat render}: prints the manifests a deploy would commit, without starting the bot.
 *
 * <pre>
 * java -jar pitapat.jar render --config .github/pitapat.yml --repo acme/hello --env staging --sha 1a2b3c4
 *     [--base-domain apps.localhost] [--cluster-issuer letsencrypt] [--wildcard-secret NAME] [--templates DIR]
 * </pre>
 *
 * {@code --templates} renders from a directory laid out like {@code gitops-templates/app/} instead of the
 * packaged templates, as {@code pitapat.templates-dir} does for the bot.
 *
 * <p>Exit codes: 0 printed, 1 the config, the environment or the templates were refused (each problem on
 * standard error), 2 bad arguments (one usage line on standard error).
 */
public final class RenderCommand {

    /** The first argument that selects this command. */
    public static final String NAME = "render";

    static final String USAGE = "usage: pitapat render --config <file> --repo <owner>/<repo> --env <env> --sha <sha>"
            + " [--base-domain <domain>] [--cluster-issuer <issuer>] [--wildcard-secret <secret>]"
            + " [--templates <dir>]";

    private static final Set<String> FLAGS = Set.of(
            "--config",
            "--repo",
            "--env",
            "--sha",
            "--base-domain",
            "--cluster-issuer",
            "--wildcard-secret",
            "--templates");
    private static final Set<String> REQUIRED = Set.of("--config", "--repo", "--env", "--sha");
    private static final int MAX_FILE = 64 * 1024;

    private RenderCommand() {}

    /**
     * Runs the command.
     *
     * @param args the arguments after {@code render}
     * @return the exit code
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Optional<Map<String, String>> flags = flags(args);
        if (flags.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        Map<String, String> given = flags.get();
        String[] repo = given.get("--repo").split("/", -1);
        if (repo.length != 2 || repo[0].isEmpty() || repo[1].isEmpty()) {
            err.println("--repo must be <owner>/<repo>; " + USAGE);
            return 2;
        }
        Checked<Sha> sha = Sha.parse(given.get("--sha"));
        Checked<EnvName> env = EnvName.parse(given.get("--env"));
        for (Map.Entry<String, Checked<?>> arg :
                List.<Map.Entry<String, Checked<?>>>of(Map.entry("--sha", sha), Map.entry("--env", env))) {
            if (arg.getValue() instanceof Checked.Invalid<?> invalid) {
                err.println(arg.getKey() + ": " + invalid.problem() + " (" + invalid.rule() + "); " + USAGE);
                return 2;
            }
        }
        RenderSettings settings;
        try {
            settings = new RenderSettings(
                    given.getOrDefault("--base-domain", RenderSettings.DEFAULT.baseDomain()),
                    given.getOrDefault("--cluster-issuer", RenderSettings.DEFAULT.clusterIssuer()),
                    Optional.ofNullable(given.get("--wildcard-secret")));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "; " + USAGE);
            return 2;
        }
        ManifestRenderer renderer;
        try {
            renderer = Optional.ofNullable(given.get("--templates"))
                    .map(dir -> ManifestRenderer.fromDirectory(Path.of(dir)))
                    .orElseGet(ManifestRenderer::fromClasspath);
        } catch (TemplateException e) {
            err.println("--templates " + given.get("--templates") + ": " + e.getMessage());
            return 1;
        }
        Path file = Path.of(given.get("--config"));
        String text;
        try {
            if (Files.size(file) > MAX_FILE) {
                err.println(file + ": the file is larger than " + MAX_FILE + " bytes");
                return 1;
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
            return 1;
        }
        return switch (RepoConfigs.resolve(repo[0], repo[1], Optional.of(text))) {
            case ConfigResult.Invalid invalid -> {
                for (ConfigProblem problem : invalid.problems()) {
                    err.println(problem.path() + ": " + problem.problem() + ". " + problem.rule());
                }
                yield 1;
            }
            case ConfigResult.Valid valid ->
                print(renderer, valid.config(), env.orElseThrow(), sha.orElseThrow(), settings, out, err);
        };
    }

    private static int print(
            ManifestRenderer renderer,
            RepoConfig config,
            EnvName env,
            Sha sha,
            RenderSettings settings,
            PrintStream out,
            PrintStream err) {
        if (!config.environments().containsKey(env) && !(config.previews() && isPreview(env))) {
            err.println("environment " + env + " is not in environments (" + String.join(", ", names(config)) + ")"
                    + (config.previews() ? " and is not a preview pr-<number>" : ""));
            return 1;
        }
        Target target;
        try {
            target = new Target(config.app(), env);
        } catch (InvalidValueException e) {
            err.println("environment " + env + ": " + e.getMessage());
            return 1;
        }
        Manifests manifests = renderer.render(config, target, sha, settings);
        String folder = "apps/" + target.app() + "/" + target.env() + "/";
        manifests.files().forEach((name, bytes) -> {
            out.println("---");
            out.println("# " + folder + name);
            out.print(new String(bytes, StandardCharsets.UTF_8));
        });
        out.flush();
        return 0;
    }

    private static List<String> names(RepoConfig config) {
        return config.environmentNames().stream().map(EnvName::value).toList();
    }

    private static boolean isPreview(EnvName env) {
        String value = env.value();
        return value.startsWith("pr-")
                && value.length() > 3
                && value.substring(3).chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** {@code --flag value} pairs: each known flag at most once, the required ones present, nothing else. */
    private static Optional<Map<String, String>> flags(List<String> args) {
        if (args.size() % 2 != 0) {
            return Optional.empty();
        }
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String flag = args.get(i);
            String value = args.get(i + 1);
            if (!FLAGS.contains(flag) || value.isEmpty() || value.startsWith("--") || flags.put(flag, value) != null) {
                return Optional.empty();
            }
        }
        return flags.keySet().containsAll(REQUIRED) ? Optional.of(flags) : Optional.empty();
    }
}
