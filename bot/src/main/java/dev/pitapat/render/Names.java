package dev.pitapat.render;

import dev.pitapat.model.Labels;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names and labels of one target's objects, all derived from validated {@code model} values. A name that a
 * suffix would push past the 63 characters of a DNS label is shortened, keeping a hash of the whole so two long
 * names stay apart.
 */
final class Names {

    static final int MAX_LABEL = Labels.MAX_LABEL;
    private static final int HASH_DIGITS = 8;

    private final Target target;
    private final Sha sha;

    Names(Target target, Sha sha) {
        this.target = target;
        this.sha = sha;
    }

    String app() {
        return target.app().value();
    }

    /** {@code <app>}: the Rollout, the active Service, the Ingress and the container. */
    String activeService() {
        return app();
    }

    /** {@code <app>-preview}. */
    String previewService() {
        return withSuffix(app(), "-preview");
    }

    /** The commit the image is tagged with; labels carry its first seven digits. */
    String shortSha() {
        return sha.abbreviated();
    }

    /** {@code <app>-<env>-preview.<base-domain>}. */
    String previewHost(RenderSettings settings) {
        return withSuffix(target.label(), "-preview") + "." + settings.baseDomain();
    }

    /** The recommended {@code app.kubernetes.io} labels, in a fixed order. */
    Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>(selector());
        labels.put("app.kubernetes.io/version", shortSha());
        labels.put("app.kubernetes.io/part-of", app());
        labels.put("app.kubernetes.io/managed-by", "pitapat");
        return labels;
    }

    /** The labels that select the app's pods: never the version, since a selector cannot change. */
    Map<String, String> selector() {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put("app.kubernetes.io/name", app());
        selector.put("app.kubernetes.io/instance", target.label());
        return selector;
    }

    /** {@code base + suffix}, or a shortened base with a hash of the whole when that is too long for a label. */
    static String withSuffix(String base, String suffix) {
        String name = base + suffix;
        if (name.length() <= MAX_LABEL) {
            return name;
        }
        String hash = sha256(name).substring(0, HASH_DIGITS);
        String head = base.substring(0, MAX_LABEL - suffix.length() - hash.length() - 1);
        while (head.endsWith("-")) {
            head = head.substring(0, head.length() - 1);
        }
        return head + "-" + hash + suffix;
    }

    /** A DNS-1123 label: lower-case letters, digits and '-', not at either end, at most 63 characters. */
    static boolean isLabel(String text) {
        if (text.isEmpty() || text.length() > MAX_LABEL || text.startsWith("-") || text.endsWith("-")) {
            return false;
        }
        return text.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
