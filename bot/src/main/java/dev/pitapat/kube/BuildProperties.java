package dev.pitapat.kube;

import dev.pitapat.model.InvalidSettingException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code pitapat.build.*}: image builds through Argo Workflows (DESIGN.md section 6).
 *
 * @param namespace where the {@code pitapat-build} template lives and the builds' Workflows and Secrets are made
 * @param registrySecret the {@code kubernetes.io/dockerconfigjson} Secret in that namespace that may push images;
 *     unset: {@code build: argo-workflows} deploys are refused, saying so
 * @param logsUrl where a build's logs are read, with {@code {namespace}} and {@code {name}} for the Workflow's, e.g.
 *     the Argo Workflows UI's {@code https://argo.example.com/workflows/{namespace}/{name}}; unset: no link
 * @param timeout how long a deploy waits for its build (or for an external {@code build-check})
 */
@ConfigurationProperties("pitapat.build")
public record BuildProperties(
        @DefaultValue("pitapat-builds") String namespace,
        Optional<String> registrySecret,
        Optional<String> logsUrl,
        @DefaultValue("30m") Duration timeout) {

    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    private static final String DNS_SUBDOMAIN = DNS_LABEL + "(\\." + DNS_LABEL + ")*";

    public BuildProperties {
        registrySecret = orEmpty(registrySecret).filter(s -> !s.isBlank());
        logsUrl = orEmpty(logsUrl).filter(s -> !s.isBlank());
        if (!namespace.matches(DNS_LABEL)) {
            throw new InvalidSettingException(
                    "pitapat.build.namespace", "must be a namespace name (a DNS-1123 label such as pitapat-builds)");
        }
        if (registrySecret.isPresent()
                && (registrySecret.get().length() > 253 || !registrySecret.get().matches(DNS_SUBDOMAIN))) {
            throw new InvalidSettingException(
                    "pitapat.build.registry-secret", "must be the name of a Secret (lower-case DNS-1123)");
        }
        if (logsUrl.isPresent() && !isHttpUrl(link(logsUrl.get(), namespace, "name"))) {
            throw new InvalidSettingException(
                    "pitapat.build.logs-url",
                    "must be an http(s) URL, with {namespace} and {name} standing for the Workflow's");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidSettingException("pitapat.build.timeout", "must be longer than zero, such as 30m");
        }
    }

    /** The link to a build's logs, when {@code logs-url} is set. */
    public Optional<URI> logsOf(String workflow) {
        return logsUrl.map(template -> URI.create(link(template, namespace, workflow)));
    }

    private static String link(String template, String namespace, String name) {
        return template.replace("{namespace}", namespace).replace("{name}", name);
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    // Spring Boot binds an unset Optional as null rather than empty.
    private static <T> Optional<T> orEmpty(@Nullable Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }
}
