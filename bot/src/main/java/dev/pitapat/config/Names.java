package dev.pitapat.config;

import dev.pitapat.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks of the config's free-text values: DNS names, environment variable names, the health path and the
 * image. Each answers what is wrong without quoting the text. Plain loops over ASCII ranges, as in {@code
 * model}.
 */
final class Names {

    static final String SUBDOMAIN_RULE = "a DNS-1123 name: lowercase labels of letters, digits and '-' joined by"
            + " '.', each label starting and ending with a letter or digit, at most 253 characters";
    static final String ENV_VAR_RULE =
            "environment variable names are letters, digits and '_', not starting" + " with a digit";
    static final String HEALTH_PATH_RULE =
            "health-path starts with '/', has no spaces or control characters and" + " is at most 256 characters";
    static final String IMAGE_RULE = "image is a registry path without tag or digest, such as ghcr.io/acme/hello:"
            + " lowercase letters, digits, '.', '_', '-' and '/', at most 255 characters";

    static final int MAX_ENV_VALUE_BYTES = 4096;

    private static final int MAX_SUBDOMAIN = 253;
    private static final int MAX_HEALTH_PATH = 256;
    private static final int MAX_IMAGE = 255;

    private Names() {}

    /** What keeps {@code text} from being a DNS-1123 subdomain (a host name or a Kubernetes object name). */
    static Optional<String> subdomainProblem(String text) {
        if (text.isEmpty()) {
            return Optional.of("it is empty");
        }
        if (text.length() > MAX_SUBDOMAIN) {
            return Optional.of("it is " + text.length() + " characters long");
        }
        for (String label : text.split("\\.", -1)) {
            if (label.isEmpty()) {
                return Optional.of("it has an empty label (two dots, or a dot at an end)");
            }
            if (label.length() > Labels.MAX_LABEL) {
                return Optional.of("a label is " + label.length() + " characters long");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                    return Optional.of(
                            c >= 'A' && c <= 'Z'
                                    ? "it contains an upper-case letter"
                                    : "it contains a" + " character other than a-z, 0-9, '-' and '.'");
                }
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return Optional.of("a label starts or ends with '-'");
            }
        }
        return Optional.empty();
    }

    static boolean isEnvVarName(String name) {
        if (name.isEmpty() || (name.charAt(0) >= '0' && name.charAt(0) <= '9')) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static Optional<String> envValueProblem(String value) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        return bytes > MAX_ENV_VALUE_BYTES ? Optional.of("the value is " + bytes + " bytes long") : Optional.empty();
    }

    static Optional<String> healthPathProblem(String path) {
        if (!path.startsWith("/")) {
            return Optional.of("it does not start with '/'");
        }
        if (path.length() > MAX_HEALTH_PATH) {
            return Optional.of("it is " + path.length() + " characters long");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                return Optional.of("it contains a space or control character");
            }
            if (c > 0x7e) {
                return Optional.of("it contains a character outside ASCII");
            }
        }
        return Optional.empty();
    }

    static Optional<String> imageProblem(String image) {
        if (image.isEmpty()) {
            return Optional.of("it is empty");
        }
        if (image.length() > MAX_IMAGE) {
            return Optional.of("it is " + image.length() + " characters long");
        }
        if (image.contains("@")) {
            return Optional.of("it carries a digest");
        }
        String[] parts = image.split("/", -1);
        for (int p = 0; p < parts.length; p++) {
            String part = parts[p];
            if (part.isEmpty()) {
                return Optional.of("it has an empty path component");
            }
            if (part.contains(":") && (p > 0 || parts.length == 1)) {
                return Optional.of("it carries a tag; the tag is always the commit sha");
            }
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z')
                        || (c >= '0' && c <= '9')
                        || c == '.'
                        || c == '_'
                        || c == '-'
                        || (p == 0 && c == ':');
                if (!ok) {
                    return Optional.of(
                            c >= 'A' && c <= 'Z'
                                    ? "it contains an upper-case letter"
                                    : "it contains a" + " character other than a-z, 0-9, '.', '_', '-' and '/'");
                }
            }
        }
        return Optional.empty();
    }
}
