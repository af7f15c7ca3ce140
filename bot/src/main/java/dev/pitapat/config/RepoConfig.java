package dev.pitapat.config;

import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A repository's {@code .github/pitapat.yml}, checked and with defaults filled in. The policy keys ({@code
 * app}, {@code image}, {@code secretRefs}, {@code previews}, {@code limits}, {@code environments}) come from
 * the default branch; the app keys ({@code build}, {@code port}, {@code healthPath}, {@code replicas}, {@code
 * autoscaling}, {@code resources}, {@code env}) from the deployed commit, held to {@code limits}.
 *
 * @param replicas the pods to run; the fewest when {@code autoscaling} is set
 * @param autoscaling a HorizontalPodAutoscaler above {@code replicas}, or empty for exactly {@code replicas} pods
 * @param image the image without a tag, e.g. {@code ghcr.io/acme/hello}; the tag is the commit sha
 * @param env plain environment variables, in the order written
 * @param secretRefs names of existing Kubernetes Secrets, mounted with {@code envFrom}
 * @param environments the environments in the order written; never empty
 */
public record RepoConfig(
        AppName app,
        String image,
        Build build,
        int port,
        String healthPath,
        int replicas,
        Optional<Autoscaling> autoscaling,
        Resources resources,
        Map<String, String> env,
        List<String> secretRefs,
        boolean previews,
        Limits limits,
        Map<EnvName, Environment> environments) {

    public RepoConfig {
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        secretRefs = List.copyOf(secretRefs);
        environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments));
    }

    /** The environments in the order written. */
    public List<EnvName> environmentNames() {
        return List.copyOf(environments.keySet());
    }
}
