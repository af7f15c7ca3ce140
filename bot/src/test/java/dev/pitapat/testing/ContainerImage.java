package dev.pitapat.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A container image as a {@code docker save} tar (what Jib's {@code buildTar} writes), read without a container
 * runtime: its config, its layers and what each holds, and the image unpacked into a directory where a command runs
 * as a container runtime would start it (the image's user, environment and working directory, in a chroot with
 * {@code /dev} and a fresh {@code /proc}). GNU tar reads the layers; running needs root and {@code unshare}.
 */
public final class ContainerImage {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern LISTED = Pattern.compile(
            "^([-dlhcbps][-rwxsStT]{9})\\s+(\\d+)/(\\d+)\\s+\\d+\\s+\\S+\\s+\\S+\\s+(.+?)(?: -> .*| link to .*)?$");

    private final Path dir;
    private final JsonNode config;
    private final List<Layer> layers;

    private ContainerImage(Path dir, JsonNode config, List<Layer> layers) {
        this.dir = dir;
        this.config = config;
        this.layers = layers;
    }

    /** One file in a layer: its path without a leading {@code /}, mode as {@code ls} shows it, and owner. */
    public record Entry(String path, String mode, int uid, int gid) {

        public boolean isDirectory() {
            return mode.startsWith("d");
        }

        /** Setuid or setgid. */
        public boolean raisesPrivileges() {
            return "sS".indexOf(mode.charAt(3)) >= 0 || "sS".indexOf(mode.charAt(6)) >= 0;
        }
    }

    /** A layer: its file in the tar, the {@code diff_id} the config gives it, its history entry's comment. */
    public record Layer(Path file, String diffId, String comment) {

        /** The SHA-256 of the uncompressed layer, as a {@code diff_id} states it. */
        public String digest() {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[1 << 16];
                for (int read; (read = in.read(buffer)) > 0; ) {
                    sha256.update(buffer, 0, read);
                }
                return "sha256:" + HexFormat.of().formatHex(sha256.digest());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Every file and directory in the layer, its own root directory ({@code ./}) left out. */
        public List<Entry> entries() {
            List<Entry> entries = new ArrayList<>();
            for (String line : gnuTar("--list", "--verbose", "--numeric-owner", "--gzip", "--file=" + file)
                    .split("\n")) {
                Matcher matcher = LISTED.matcher(line);
                if (!matcher.matches()) {
                    throw new IllegalStateException("unexpected line in the listing of " + file + ": " + line);
                }
                String path = matcher.group(4).replaceFirst("^\\./", "").replaceFirst("/$", "");
                if (!path.isEmpty() && !path.equals(".")) {
                    entries.add(new Entry(
                            path,
                            matcher.group(1),
                            Integer.parseInt(matcher.group(2)),
                            Integer.parseInt(matcher.group(3))));
                }
            }
            return entries;
        }

        /** The content of one file of the layer ({@code path} without a leading {@code /}). */
        public String read(String path) {
            return gnuTar("--extract", "--gzip", "--to-stdout", "--no-anchored", "--file=" + file, path);
        }

        /** The regular files, their paths. */
        public List<String> files() {
            return entries().stream()
                    .filter(entry -> entry.mode().startsWith("-"))
                    .map(Entry::path)
                    .toList();
        }
    }

    /** Unpacks the image tar (not its layers) into {@code dir}. */
    public static ContainerImage read(Path tar, Path dir) throws IOException {
        gnuTar("--extract", "--file=" + tar, "--directory=" + dir);
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile()).get(0);
        JsonNode config =
                JSON.readTree(dir.resolve(manifest.get("Config").asString()).toFile());
        JsonNode diffIds = config.path("rootfs").path("diff_ids");
        List<String> comments = config.path("history")
                .valueStream()
                .filter(entry -> !entry.path("empty_layer").asBoolean(false))
                .map(entry -> entry.path("comment").asString(""))
                .toList();
        List<Layer> layers = new ArrayList<>();
        JsonNode files = manifest.get("Layers");
        for (int i = 0; i < files.size(); i++) {
            layers.add(new Layer(
                    dir.resolve(files.get(i).asString()),
                    diffIds.path(i).asString(""),
                    i < comments.size() ? comments.get(i) : ""));
        }
        return new ContainerImage(dir, config, layers);
    }

    /** The image's run configuration ({@code User}, {@code Entrypoint}, {@code Env}, ...). */
    public JsonNode config() {
        return config.path("config");
    }

    public List<String> entrypoint() {
        return config().path("Entrypoint").valueStream().map(JsonNode::asString).toList();
    }

    public List<String> environment() {
        return config().path("Env").valueStream().map(JsonNode::asString).toList();
    }

    public Map<String, String> labels() {
        return config().path("Labels")
                .propertyStream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, label -> label.getValue().asString()));
    }

    /** The number of entries in {@code rootfs.diff_ids}. */
    public int diffIdCount() {
        return config.path("rootfs").path("diff_ids").size();
    }

    public List<Layer> layers() {
        return layers;
    }

    /** The image's file system: every layer unpacked in order into {@code rootfs}, owners kept (as root). */
    public void unpack(Path rootfs) {
        for (Layer layer : layers) {
            gnuTar(
                    "--extract",
                    "--gzip",
                    "--file=" + layer.file(),
                    "--directory=" + rootfs,
                    "--numeric-owner",
                    "--same-owner",
                    "--same-permissions");
        }
    }

    /**
     * Starts {@code command} (the entrypoint, say) in {@code rootfs} as a container runtime would: the image's user
     * and group, only the image's environment (and the user's {@code HOME}), its working directory, {@code /dev}
     * of this machine and a fresh {@code /proc}, mounted in a mount namespace of its own that goes with it. The
     * first word is looked up on the image's {@code PATH} inside {@code rootfs}. Output goes to {@code log}.
     */
    public Process start(Path rootfs, List<String> command, Path log) throws IOException {
        String[] user = config().path("User").asString("0").split(":");
        String uid = user[0];
        String gid = user.length > 1 ? user[1] : groupOf(rootfs, uid);
        List<String> environment = new ArrayList<>(environment());
        homeOf(rootfs, uid).ifPresent(home -> environment.add("HOME=" + home));

        List<String> line = new ArrayList<>(List.of(
                "unshare",
                "--mount",
                "--fork",
                "--kill-child",
                "/bin/sh",
                "-c",
                "mount --rbind /dev \"$0/dev\" && mount -t proc proc \"$0/proc\" && exec \"$@\"",
                rootfs.toString(),
                hostProgram("env"),
                "-i"));
        line.addAll(environment);
        line.addAll(List.of(
                hostProgram("unshare"),
                "--root=" + rootfs,
                "--wd=" + config().path("WorkingDir").asString("/"),
                "--setuid=" + uid,
                "--setgid=" + gid));
        line.add(onImagePath(rootfs, command.getFirst()));
        line.addAll(command.subList(1, command.size()));
        return new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Stops what {@link #start} started: the command gets SIGTERM, and SIGKILL if it is still there after 30 s. */
    public static void stop(Process process) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }

    /** Whether {@link #start} can run here: as root, with {@code unshare}. */
    public static Optional<String> whyItCannotRun() {
        try {
            if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
                return Optional.of("starting the image in a chroot needs root (CI runs as root)");
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot tell whether this runs as root: " + e.getMessage());
        }
        try {
            hostProgram("unshare");
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    private String onImagePath(Path rootfs, String program) {
        if (program.startsWith("/")) {
            return program;
        }
        String path = environment().stream()
                .filter(variable -> variable.startsWith("PATH="))
                .findFirst()
                .map(variable -> variable.substring("PATH=".length()))
                .orElse("/usr/bin:/bin");
        for (String entry : path.split(":")) {
            if (Files.isExecutable(rootfs.resolve(entry.substring(1)).resolve(program))) {
                return entry + "/" + program;
            }
        }
        throw new IllegalStateException(program + " is not on the image's PATH " + path);
    }

    private static Optional<String> homeOf(Path rootfs, String uid) throws IOException {
        return passwd(rootfs)
                .filter(fields -> fields[2].equals(uid))
                .map(fields -> fields[5])
                .findFirst();
    }

    private static String groupOf(Path rootfs, String uid) throws IOException {
        return passwd(rootfs)
                .filter(fields -> fields[2].equals(uid))
                .map(fields -> fields[3])
                .findFirst()
                .orElse(uid);
    }

    private static Stream<String[]> passwd(Path rootfs) throws IOException {
        Path passwd = rootfs.resolve("etc/passwd");
        return Files.exists(passwd)
                ? Files.readAllLines(passwd).stream()
                        .map(line -> line.split(":"))
                        .filter(fields -> fields.length >= 7)
                : Stream.empty();
    }

    private static String hostProgram(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path program = Path.of(dir, name);
            if (Files.isExecutable(program)) {
                return program.toString();
            }
        }
        throw new IllegalStateException(name + " (util-linux) is not on the PATH");
    }

    private static String gnuTar(String... arguments) {
        List<String> command = new ArrayList<>(List.of("tar", "--warning=no-unknown-keyword"));
        command.addAll(List.of(arguments));
        try {
            Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (tar.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "image unpacked in " + dir;
    }
}
