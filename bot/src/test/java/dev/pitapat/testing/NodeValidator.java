package dev.pitapat.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * An API schema checked by Node.js: {@code validate.mjs} in a directory the build fills with npm
 * (generate-test-resources) reads JSON on its standard input and prints {@code valid} (exit 0) or one problem a
 * line (exit 1).
 */
public final class NodeValidator {

    private NodeValidator() {}

    /**
     * The problems {@code validate.mjs} in {@code dir} finds in {@code input}; empty when valid. {@code module} is the
     * npm package that must be installed there.
     */
    public static List<String> problems(Path dir, String module, Object input) {
        if (!Files.isDirectory(dir.resolve("node_modules").resolve(module))) {
            throw new IllegalStateException(dir + " has no " + module + ": the build installs it with npm"
                    + " (generate-test-resources), which needs Node.js and npm");
        }
        try {
            Process node = new ProcessBuilder("node", "validate.mjs")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            try (OutputStream in = node.getOutputStream()) {
                in.write(JsonMapper.shared().writeValueAsBytes(input));
            }
            String out = new String(node.getInputStream().readAllBytes(), UTF_8).strip();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                throw new IllegalStateException("node validate.mjs did not finish");
            }
            if (node.exitValue() == 0 && out.equals("valid")) {
                return List.of();
            }
            if (node.exitValue() != 1) {
                throw new IllegalStateException("node validate.mjs failed: " + out);
            }
            return out.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
