package dev.pitapat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A bad setting stops the bot with one line that names the property and the problem: no stack trace and
 * never the value. Each case starts the real application in its own JVM, as an operator would.
 */
class StartupSettingsTest {

    @TempDir
    Path workdir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --server.port=eighty                     | invalid setting server.port: cannot be read as a whole number
            --pitapat.queue.workers=0                | invalid setting pitapat.queue.workers: must be at least 1
            --pitapat.queue.claim-timeout=soon       | invalid setting pitapat.queue.claim-timeout: cannot be read as a duration
            --pitapat.shutdown-grace=1h              | invalid setting pitapat.shutdown-grace: must be between 0s and 10m
            --pitapat.queue.accept-timeout=12s       | invalid setting pitapat.queue.accept-timeout: must be at most 9s: GitHub gives up on a webhook not answered within 10 seconds
            --pitapat.gitops.branch=../../etc        | invalid setting pitapat.gitops.branch: must be a plain branch name
            --pitapat.gitops.token=github_pat_11AAstartupSecret0123 | invalid setting pitapat.gitops.token: is sent only to an https:// repository, but pitapat.gitops.repo is a local path
            --pitapat.gitops.repo=git@github.com:acme/gitops.git --pitapat.gitops.token=github_pat_11AAstartupSecret0123 | invalid setting pitapat.gitops.token: is sent only to an https:// repository, but pitapat.gitops.repo uses ssh
            --pitapat.gitops.repo=http://git.example.com/acme/gitops.git --pitapat.gitops.token=github_pat_11AAstartupSecret0123 | invalid setting pitapat.gitops.token: would travel in clear text
            --pitapat.github.app-id=twelve           | invalid setting pitapat.github.app-id: cannot be read as a whole number
            --pitapat.github.app-id=12345            | invalid setting pitapat.github.private-key: app-id is set but neither
            --pitapat.github.private-key=MIIEabc     | invalid setting pitapat.github.app-id: a private key is set but app-id is not
            --pitapat.github.app-id=1 --pitapat.github.private-key-file=/nonexistent/key.pem | invalid setting pitapat.github.private-key-file: cannot read the file
            --pitapat.github.app-id=1 --pitapat.github.private-key=MIIEpAIBAAKCAQEAnot-a-key | invalid setting pitapat.github.private-key: not PEM
            --pitapat.github.client-id=Iv23liAbCdEfGhIjKlMn | invalid setting pitapat.github.client-secret: client-id and client-secret are set together or not at all
            --pitapat.github.client-secret=5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5 | invalid setting pitapat.github.client-id: client-id and client-secret are set together or not at all
            --pitapat.public-url=pitapat.example.com | invalid setting pitapat.public-url: not an absolute http(s) URL
            --pitapat.build.namespace=Builds_Here    | invalid setting pitapat.build.namespace: must be a namespace name
            --pitapat.burst.enabled=true             | invalid setting pitapat.burst.prometheus-url: is required when bursting is enabled
            --pitapat.burst.enabled=true --pitapat.burst.prometheus-url=http://127.0.0.1:9090 | invalid setting pitapat.burst.project: is required with the other two of project, zone and instance-group
            """)
    void aBadSettingStopsStartUpWithOneLine(String arguments, String expected) throws Exception {
        List<String> output = run(arguments.split(" "));

        List<String> problems = output.stream()
                .filter(line -> !line.matches("^\\S+\\s+(INFO|DEBUG)\\s.*"))
                .filter(line -> !line.isBlank())
                .toList();
        assertThat(problems).singleElement().asString().startsWith("pitapat did not start: " + expected);
        assertThat(output).noneMatch(line -> line.matches("^\\s+at .*") || line.contains("Exception"));
        String value = arguments.substring(arguments.lastIndexOf('=') + 1);
        assertThat(problems.get(0)).doesNotContain(value);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no such directory    | invalid setting pitapat.templates-dir: is not a directory
            a template missing   | invalid setting pitapat.templates-dir: has no ingress.yaml
            a template not YAML  | invalid setting pitapat.templates-dir: rollout.yaml is not valid YAML
            """)
    void aTemplatesDirectoryItCannotRenderFromStopsStartUpWithOneLine(String name, String expected) throws Exception {
        Path templates = workdir.resolve("templates");
        if (!name.equals("no such directory")) {
            Files.createDirectories(templates);
            try (var files = Files.list(Path.of("../gitops-templates/app"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, templates.resolve(file.getFileName()));
                }
            }
        }
        if (name.equals("a template missing")) {
            Files.delete(templates.resolve("ingress.yaml"));
        }
        if (name.equals("a template not YAML")) {
            Files.writeString(templates.resolve("rollout.yaml"), "kind: Rollout\nspec: {unclosed\n");
        }

        List<String> output = run("--pitapat.templates-dir=" + templates);

        List<String> problems = output.stream()
                .filter(line -> !line.matches("^\\S+\\s+(INFO|DEBUG)\\s.*"))
                .filter(line -> !line.isBlank())
                .toList();
        assertThat(problems).singleElement().asString().startsWith("pitapat did not start: " + expected);
        assertThat(output).noneMatch(line -> line.matches("^\\s+at .*") || line.contains("Exception"));
        assertThat(problems.get(0)).doesNotContain(templates.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            .                        | invalid setting pitapat.setup.write-to: is a directory; name the file to create in it
            missing/github-app.env   | invalid setting pitapat.setup.write-to: its directory does not exist
            """)
    void aSetupFileItCannotCreateStopsStartUpWithOneLine(String path, String expected) throws Exception {
        List<String> output = run("--pitapat.setup.write-to=" + path);

        List<String> problems = output.stream()
                .filter(line -> !line.matches("^\\S+\\s+(INFO|DEBUG)\\s.*"))
                .filter(line -> !line.isBlank())
                .toList();
        assertThat(problems).singleElement().asString().startsWith("pitapat did not start: " + expected);
        assertThat(output).noneMatch(line -> line.matches("^\\s+at .*") || line.contains("Exception"));
        assertThat(problems.get(0)).doesNotContain(workdir.toString());
    }

    private List<String> run(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xshare:off");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PitapatApplication.class.getName());
        command.add("--server.port=0");
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .directory(workdir.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isNotZero();
        return output.lines().toList();
    }
}
