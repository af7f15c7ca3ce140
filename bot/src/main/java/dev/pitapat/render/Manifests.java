package dev.pitapat.render;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rendered contents of one {@code apps/<app>/<env>} folder: file name to YAML bytes (UTF-8), in a fixed order
 * ({@code rollout.yaml}, {@code service-active.yaml}, {@code service-preview.yaml}, {@code ingress.yaml}, and
 * {@code hpa.yaml} when the config has {@code autoscaling}). The same input always gives byte-identical files, so
 * an unchanged deploy makes no commit; a file left out here is removed from the folder by the commit.
 */
public record Manifests(Map<String, byte[]> files) {

    public Manifests {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        files.forEach((name, bytes) -> copy.put(name, bytes.clone()));
        files = Collections.unmodifiableMap(copy);
    }

    /** One file's text. */
    public String text(String fileName) {
        byte[] bytes = files.get(fileName);
        if (bytes == null) {
            throw new IllegalArgumentException("no rendered file named " + fileName);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
