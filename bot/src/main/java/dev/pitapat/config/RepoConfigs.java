package dev.pitapat.config;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a repository's {@code .github/pitapat.yml} into a {@link RepoConfig}: two texts, one policy.
 *
 * <ul>
 *   <li>The policy keys ({@code app}, {@code image}, {@code environments} and everything under them, {@code
 *       secret-refs}, {@code previews}, {@code limits}) always come from the default branch.
 *   <li>The app keys ({@code port}, {@code health-path}, {@code replicas}, {@code autoscaling}, {@code
 *       resources}, {@code env}, {@code build}) come from the file at the deployed commit, or from the default branch's file when that
 *       commit has none, and are held to the default branch's {@code limits}.
 *   <li>Policy keys in the deployed commit's file are ignored, unread: a pull request cannot grant itself an
 *       environment, a permission, a secret or more capacity. They are not an error, since a pull request that
 *       changes the policy is ordinary; it takes effect once merged.
 * </ul>
 *
 * Both texts are untrusted: size-capped, aliases refused, unknown and duplicate keys refused, and every
 * problem reported, never thrown. No text of either file reaches a log line or an exception.
 */
public final class RepoConfigs {

    /** Where the file lives in the application repository. */
    public static final String PATH = ".github/pitapat.yml";

    private RepoConfigs() {}

    /**
     * The config for deploying a commit.
     *
     * @param owner the repository owner, for the default image
     * @param repo the repository name, for the default app name and image
     * @param defaultBranchYaml the file on the default branch, or empty when there is none
     * @param deployedShaYaml the file at the deployed commit, or empty when that commit has none
     */
    public static ConfigResult resolve(
            String owner, String repo, Optional<String> defaultBranchYaml, Optional<String> deployedShaYaml) {
        Problems problems = new Problems();
        Map<String, Node> policyFile =
                defaultBranchYaml.map(text -> topLevel(text, false, problems)).orElse(Map.of());
        Map<String, Node> appFile =
                deployedShaYaml.map(text -> topLevel(text, true, problems)).orElse(policyFile);
        PolicyKeys.Policy policy = PolicyKeys.read(owner, repo, policyFile, problems);
        AppKeys.App app = AppKeys.read(appFile, policy.limits(), problems);
        if (!problems.isEmpty() || policy.app().isEmpty()) {
            return new ConfigResult.Invalid(problems.all());
        }
        return new ConfigResult.Valid(new RepoConfig(
                policy.app().get(),
                policy.image(),
                app.build(),
                app.port(),
                app.healthPath(),
                app.replicas(),
                app.autoscaling(),
                app.resources(),
                app.env(),
                policy.secretRefs(),
                policy.previews(),
                policy.limits(),
                policy.environments()));
    }

    /** The config of the default branch's own head: both reads from the one file (push, {@code /help}). */
    public static ConfigResult resolve(String owner, String repo, Optional<String> defaultBranchYaml) {
        return resolve(owner, repo, defaultBranchYaml, Optional.empty());
    }

    /**
     * The top-level keys of one file. Unknown keys are refused in both files; the policy keys of the deployed
     * commit's file are dropped unread.
     */
    private static Map<String, Node> topLevel(String text, boolean appKeysOnly, Problems problems) {
        Set<String> known = new HashSet<>(PolicyKeys.KEYS);
        known.addAll(AppKeys.KEYS);
        Map<String, Node> keys = YamlDocument.parse(text, problems)
                .flatMap(root -> Fields.mapping(root, "", known, problems))
                .orElseGet(LinkedHashMap::new);
        if (appKeysOnly) {
            keys.keySet().retainAll(AppKeys.KEYS);
        }
        return keys;
    }
}
